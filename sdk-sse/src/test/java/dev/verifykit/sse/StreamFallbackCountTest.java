package dev.verifykit.sse;

import static dev.verifykit.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.poll.WaitProgress;
import dev.verifykit.testing.Await;
import dev.verifykit.testing.DockInternals;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * README ("Failed opens back off with jitter, and after three in a row the wait goes on with
 * long-polls"), {@code StreamSettings.defaults()} ("Three failed opens in a row before falling back
 * to long-polls"), {@code StreamSettings.maxConsecutiveFailures()} ("Failed opens ... in a row after
 * which streaming is given up") and {@code SessionStreams} ("after maxConsecutiveFailures() in a row
 * the wait goes on with long-polls") all say: N failed opens, then long-polls. The engine rides out
 * N failures and gives up at the N+1-th, so every fallback costs one more failed open (one more read
 * of the session's poll cap, one more backoff) than documented.
 */
class StreamFallbackCountTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private DockClient dock;
    /** Released once the test is over: a long-poll Dock holds until then ends, and its server thread. */
    private final CountDownLatch testOver = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        testOver.countDown();
        if (dock != null) {
            dock.close();
        }
    }

    /** Every stream open answered 503, every long-poll the session in {@code status}. */
    private StreamWireTest.Script failingOpens(String status) {
        StreamWireTest.Script script = new StreamWireTest.Script();
        script.fallback = request -> request.getUrl().encodedPath().endsWith("/stream")
                ? StreamWireTest.envelopeError(503, "INTERNAL_ERROR", null)
                : new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"status\":200,\"data\":" + StreamWireTest.session(status)
                                + ",\"meta\":{\"requestId\":\"req_lp\"}}").build();
        server.setDispatcher(script);
        return script;
    }

    /** A client with short guardrails and backoff; {@code freePollCap} 0 for the default cap. */
    private DockClient client(int freePollCap) {
        DockGuardrails.Builder guardrails = DockGuardrails.builder().minPollInterval(Duration.ofMillis(100))
                .keepAlive(Duration.ofMillis(200));
        if (freePollCap > 0) {
            guardrails.freePollCap(freePollCap);
        }
        return DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrails(guardrails.build())
                .retryPolicy(RetryPolicy.builder().baseDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(20)).build())
                .build();
    }

    @Test
    void withTheDefaultsTheWaitGoesOnWithLongPollsAfterThreeFailedOpens() throws Exception {
        StreamWireTest.Script script = failingOpens("completed");
        dock = client(0);

        DockSession done = DockSessionStreams.of(dock, StreamSettings.defaults()).awaitCompletionAsync(ID)
                .get(20, TimeUnit.SECONDS);

        assertThat(done.isCompleted()).isTrue();
        long failedOpens = script.requests.stream().takeWhile(r -> r.getUrl().encodedPath().endsWith("/stream")).count();
        assertThat(failedOpens).as("stream opens (all 503) before the first long-poll; default maxConsecutiveFailures = %d",
                StreamSettings.defaults().maxConsecutiveFailures()).isEqualTo(3);
    }

    /**
     * {@code WaitException.attempts()}: "How many requests the wait made". A stream's wait that fell back to
     * long-polls and stopped at the session's poll cap made its opens and its long-polls, all counted against
     * that cap (README: "each open counts against the same poll cap as long-polls"); its
     * {@code PollCapException} counted the long-polls only (a stop at the caller's own
     * {@code WaitOptions.maxRequests} there counts both: {@code StreamRun.asTheWaits}).
     */
    @Test
    void aStreamsWaitStoppedAtThePollCapAfterItsFallbackCountsItsOpensToo() {
        StreamWireTest.Script script = failingOpens("pending");
        dock = client(5);

        Throwable thrown = catchThrowable(() -> DockSessionStreams.of(dock, StreamSettings.defaults()).awaitCompletion(ID));

        assertThat(script.requests).as("3 failed opens, then long-polls up to the cap of 5").hasSize(5);
        assertThat(thrown).isInstanceOfSatisfying(PollCapException.class, cap -> {
            assertThat(cap.option()).isEmpty();
            assertThat(cap.attempts()).as("the requests the wait made").isEqualTo(5);
        });
    }

    /**
     * {@code WaitException.attempts()}: "How many requests the wait made". A stream's wait that fell back
     * to long-polls and then reached its deadline made its failed opens and its long-polls; its
     * {@code WaitTimeoutException} counted the long-polls only, in {@code attempts()} and in its message
     * ("after N requests"), though a stop at the poll cap there counts both.
     */
    @Test
    void aStreamsWaitTimedOutAfterItsFallbackCountsItsOpensToo() {
        StreamWireTest.Script script = failingOpens("pending");
        // a cap no 6 s of 100-ms reads can reach: with the default 60, a quick machine made 3 opens and 57
        // long-polls before the deadline and stopped at the cap instead
        dock = client(1_000);

        Throwable thrown = catchThrowable(() -> DockSessionStreams.of(dock, StreamSettings.defaults())
                // 3 opens and a first long-poll take about 0.4 s; 6 s leaves a loaded machine room to reach them
                .awaitCompletion(ID, WaitOptions.builder().timeout(Duration.ofSeconds(6)).build()));

        long opens = script.requests.stream().filter(r -> r.getUrl().encodedPath().endsWith("/stream")).count();
        int requests = script.requests.size();
        assertThat(opens).as("failed opens before the long-polls").isEqualTo(3);
        assertThat(requests).as("opens and long-polls").isGreaterThan(3);
        assertThat(thrown).isInstanceOfSatisfying(WaitTimeoutException.class, timeout -> {
            // the last may have been cut by the deadline before it reached the server
            assertThat(timeout.attempts()).as("the requests the wait made (%s)", timeout.getMessage())
                    .isBetween(requests, requests + 1);
            assertThat(timeout.getMessage()).contains("after " + timeout.attempts() + " requests");
        });
    }

    /**
     * The same for a stream's wait cancelled by the client's close after its fallback: its
     * {@code WaitCancelledException} counts either the opens ({@code StreamRun.clientClosed}) or the
     * long-polls (their own wait's), whichever ended it first, never both. Dock holds the long-polls
     * from the fourth on until the test is over, so the close finds the wait in flight however long the test
     * thread takes to make it: with every long-poll answered at once, the wait went on reading every
     * 100 ms and a test thread held up for the rest of the cap's 60 reads (a few seconds) saw the wait
     * end at the cap first (a {@code PollCapException}; with a cap of 6, at once, the race went either way).
     */
    @Test
    void aStreamsWaitCancelledAfterItsFallbackCountsItsOpensAndLongPolls() throws Exception {
        StreamWireTest.Script script = failingOpens("pending");
        CountDownLatch fourthLongPoll = new CountDownLatch(1);
        AtomicInteger longPolls = new AtomicInteger();
        Function<RecordedRequest, MockResponse> answer = script.fallback;
        script.fallback = request -> {
            if (!request.getUrl().encodedPath().endsWith("/stream") && longPolls.incrementAndGet() >= 4) {
                fourthLongPoll.countDown();
                try {
                    testOver.await(60, TimeUnit.SECONDS); // Dock holds it: only the close ends it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return answer.apply(request);
        };
        dock = client(0);
        CompletableFuture<?> wait = DockSessionStreams.of(dock, StreamSettings.defaults()).awaitCompletionAsync(ID);
        assertThat(fourthLongPoll.await(30, TimeUnit.SECONDS)).as("the wait's fourth long-poll reached Dock").isTrue();
        int seen = script.requests.size(); // 3 failed opens, 3 long-polls answered and the one held

        dock.close();

        Throwable thrown = catchThrowable(() -> wait.get(30, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOfSatisfying(WaitCancelledException.class,
                cancelled -> {
                    assertThat(cancelled.attempts()).as("the requests the wait made (%s reached Dock before the close)", seen)
                            .isGreaterThanOrEqualTo(seen);
                    // cancelled by the client's close, whichever wait told it (WaitCancelledException.clientClosed())
                    assertThat(cancelled.clientClosed()).as("clientClosed() of %s", cancelled).isTrue();
                    assertThat(cancelled).hasMessageContaining("the client was closed");
                });
    }

    /**
     * {@code WaitProgress.attempts()}: "Requests this wait has made". The caller's {@code WaitOptions}
     * listener follows one wait, whose exception counts its opens and the long-polls; yet its progress
     * started again from 1 at the first long-poll.
     */
    @Test
    void theCallersProgressCountsTheOpensAfterTheFallback() {
        StreamWireTest.Script script = failingOpens("pending");
        dock = client(5);
        List<WaitProgress> progress = new CopyOnWriteArrayList<>();

        Throwable thrown = catchThrowable(() -> DockSessionStreams.of(dock, StreamSettings.defaults())
                .awaitCompletion(ID, WaitOptions.builder().listener(progress::add).build()));

        assertThat(script.requests).as("3 failed opens, then long-polls up to the cap of 5").hasSize(5);
        assertThat(thrown).isInstanceOf(PollCapException.class);
        int attempts = ((PollCapException) thrown).attempts();
        assertThat(attempts).isEqualTo(5);
        assertThat(progress).as("progress heard").isNotEmpty();
        assertThat(progress).extracting(WaitProgress::attempts).as("the requests each progress counted: %s", progress)
                .isSorted().endsWith(attempts);
    }

    /**
     * {@code WaitProgress.elapsed()}: "Time since the wait began". A stream's wait that went on with
     * long-polls is one wait to its caller's listener ({@code StreamRun.startLongPolls} counts the
     * long-polls' progress on from the opens, their requests and their time): the elapsed time it hears
     * never goes back, and is never more than the time the whole wait took.
     */
    @Test
    void theElapsedTimeHeardAfterTheFallbackIsTheWholeWaits() {
        failingOpens("pending");
        dock = client(5);
        List<WaitProgress> progress = new CopyOnWriteArrayList<>();

        long before = System.nanoTime();
        Throwable thrown = catchThrowable(() -> DockSessionStreams.of(dock, StreamSettings.defaults())
                .awaitCompletion(ID, WaitOptions.builder().listener(progress::add).build()));
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        assertThat(thrown).isInstanceOf(PollCapException.class);
        assertThat(progress).as("progress heard").isNotEmpty();
        assertThat(progress).extracting(WaitProgress::elapsed).as("the elapsed time each progress told: %s", progress)
                .isSorted().allSatisfy(elapsed -> assertThat(elapsed).isBetween(Duration.ZERO, took));
    }

    /**
     * The caller's {@code WaitOptions.maxConsecutiveFailures} holds for the long-polls too: with 0 (none
     * ridden out), the first long-poll refused 503 ends the wait (the opens follow the stream settings; the
     * default, 5, would ride out five more). {@code StreamSettings.fallbackToLongPoll()}: "The long-polls
     * keep the wait's {@code WaitOptions}: its deadline, interval, failures in a row, listener, ...".
     */
    @Test
    void theLongPollsKeepTheCallersFailuresInARow() {
        StreamWireTest.Script script = new StreamWireTest.Script();
        script.fallback = request -> StreamWireTest.envelopeError(503, "INTERNAL_ERROR", null);
        server.setDispatcher(script);
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(100))
                        .keepAlive(Duration.ofMillis(200)).freePollCap(20).build())
                .retryPolicy(RetryPolicy.builder().maxRetries(0).baseDelay(Duration.ofMillis(10))
                        .maxDelay(Duration.ofMillis(20)).build())
                .build();

        Throwable thrown = catchThrowable(() -> DockSessionStreams.of(dock, StreamSettings.defaults())
                .awaitCompletion(ID, WaitOptions.builder().maxConsecutiveFailures(0).build()));

        long opens = script.requests.stream().filter(r -> r.getUrl().encodedPath().endsWith("/stream")).count();
        assertThat(opens).as("failed opens (StreamSettings.maxConsecutiveFailures 3)").isEqualTo(3);
        assertThat(script.requests.size() - opens).as("long-polls after the fallback (%s)", thrown).isEqualTo(1);
        assertThat(thrown).isInstanceOf(dev.verifykit.error.ApiException.class);
    }

    /**
     * Before any fallback, the same: a stream's wait ended by its client's close fails as any wait does
     * then, a {@link WaitCancelledException} whose {@code clientClosed()} says so, named in its message.
     */
    @Test
    void aStreamOpenAtTheClientsCloseEndsCancelledByTheClose() throws Exception {
        StreamWireTest.Script script = new StreamWireTest.Script();
        // the head says more bytes are coming: the stream stays open, pending, until the close
        script.then(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                .setHeader("Content-Length", "100000").body(StreamWireTest.event(1, "pending")).build());
        server.setDispatcher(script);
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(100))
                        .keepAlive(Duration.ofMillis(200)).build())
                .build();
        CompletableFuture<DockSession> wait = DockSessionStreams.of(dock, StreamSettings.builder()
                .readTimeout(Duration.ofSeconds(60)).build()).awaitCompletionAsync(ID);
        Await.awaitTrue(() -> script.requests.size() == 1);

        dock.close();

        Throwable thrown = catchThrowable(() -> wait.get(30, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOfSatisfying(WaitCancelledException.class, cancelled -> {
            assertThat(cancelled.clientClosed()).as("clientClosed() of %s", cancelled).isTrue();
            assertThat(cancelled).hasMessageContaining("the client was closed");
        });
    }

    /**
     * {@code StreamSettings.fallbackToLongPoll()}: "The long-polls keep the wait's {@code WaitOptions}: its
     * deadline, interval, ...", and {@code WaitOptions.pollInterval()}: "The interval between request starts
     * while the result is pending, instead of the service's". A stream's wait given a 5-s interval that fell
     * back reads the pending session 5 s apart, not at the session's 100-ms minimum (virtual time: the
     * session read pending once, no read follows in the next 4 s, and the progress heard plans the next one
     * about 5 s on).
     */
    @Test
    void theLongPollsKeepTheCallersPollInterval() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
        StreamWireTest.Script script = new StreamWireTest.Script();
        AtomicInteger reads = new AtomicInteger();
        script.fallback = request -> request.getUrl().encodedPath().endsWith("/stream")
                ? StreamWireTest.envelopeError(503, "INTERNAL_ERROR", null)
                : new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"status\":200,\"data\":" + StreamWireTest.session(reads.incrementAndGet() == 1
                                ? "pending" : "completed") + ",\"meta\":{\"requestId\":\"req_lp\"}}").build();
        server.setDispatcher(script);
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(time)
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(100))
                        .keepAlive(Duration.ofMillis(200)).build())
                .build();
        okhttp3.Dispatcher calls = DockInternals.waitDispatcher(dock);
        List<WaitProgress> progress = new CopyOnWriteArrayList<>();
        StreamWireTest.Recorder recorder = new StreamWireTest.Recorder();

        try (SessionStream stream = DockSessionStreams.of(dock, StreamSettings.builder().maxConsecutiveFailures(1).build())
                .open(ID, recorder, WaitOptions.builder().pollInterval(Duration.ofSeconds(5))
                        .timeout(Duration.ofMinutes(2)).listener(progress::add).build())) {
            // the one open was refused; the long-polls' first read waits on the session's gate (100 ms)
            awaitTrue(() -> script.requests.size() == 1 && calls.runningCallsCount() == 0 && calls.queuedCallsCount() == 0
                    && time.pendingTasks() > 0);
            time.advance(Duration.ofSeconds(1));
            awaitTrue(() -> progress.stream().anyMatch(p -> p.lastStatus().equals("pending")));
            WaitProgress pending = progress.stream().filter(p -> p.lastStatus().equals("pending")).findFirst().orElseThrow();
            assertThat(pending.nextRequestIn()).as("the next read planned after the first long-poll read pending (%s)",
                    progress).hasValueSatisfying(next -> assertThat(next).isGreaterThan(Duration.ofSeconds(4)));
            awaitTrue(() -> calls.runningCallsCount() == 0 && calls.queuedCallsCount() == 0 && time.pendingTasks() > 0);

            time.advance(Duration.ofSeconds(4));
            boolean read = script.requests.size() > 2 || calls.runningCallsCount() + calls.queuedCallsCount() > 0;

            assertThat(read).as("the session read again within 4 s of a read, under a 5-s pollInterval (requests: %s,"
                    + " virtual delays asked: %s)", script.requests.stream().map(r -> r.getUrl().encodedPath()).toList(),
                    time.scheduledDelays()).isFalse();
            time.advance(Duration.ofSeconds(2));
            awaitTrue(() -> recorder.calls.contains("terminal:completed"));
        }
    }
}
