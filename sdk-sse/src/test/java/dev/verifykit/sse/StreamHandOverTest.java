package dev.verifykit.sse;

import static dev.verifykit.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.ApiException;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitStart;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.poll.WaitProgress;
import dev.verifykit.testing.DockInternals;
import dev.verifykit.time.Scheduler;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Dispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-over of a stream's wait to long-polls (StreamRun.fallBack, startLongPolls, asTheWaits), in
 * virtual time. {@code StreamSettings.fallbackToLongPoll()}: "The long-polls keep the wait's
 * {@code WaitOptions}: its deadline, interval, failures in a row, listener, and its request limit less
 * the opens made"; {@code WaitException.attempts()}: "How many requests the wait made";
 * {@code WaitProgress.elapsed()}: "Time since the wait began".
 */
class StreamHandOverTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
    private DockClient dock;

    @AfterEach
    void tearDown() {
        if (dock != null) {
            dock.close();
        }
    }

    /**
     * One open of a limit of two refused, the long-polls get the one request left: one long-poll, and the
     * stop at the limit is the whole wait's (the caller's option and limit, both requests counted).
     */
    @Test
    void theLongPollsGetTheOneRequestTheOpenLeftOfTheLimit() throws Exception {
        StreamWireTest.Script script = opensRefused(null);
        dock = client();

        CompletableFuture<DockSession> done = DockSessionStreams.of(dock, StreamSettings.builder()
                .maxConsecutiveFailures(1).build()).awaitCompletionAsync(ID, WaitOptions.builder().maxRequests(2)
                .timeout(Duration.ofMinutes(2)).build());
        runUntilDone(done);

        assertThat(script.requests).extracting(r -> r.getUrl().encodedPath())
                .as("one open refused, then one long-poll").containsExactly("/dock/v2/sessions/" + ID + "/stream",
                        "/dock/v2/sessions/" + ID);
        Throwable thrown = catchThrowable(done::get);
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOfSatisfying(PollCapException.class, cap -> {
            assertThat(cap.option()).contains("WaitOptions.maxRequests");
            assertThat(cap.limit()).as("the limit as the caller set it").isEqualTo(2);
            assertThat(cap.attempts()).as("the open and the long-poll").isEqualTo(2);
        });
    }

    /**
     * The long-polls keep the caller's failures in a row: with {@code maxConsecutiveFailures(0)} the first
     * long-poll refused 503 ends the wait with that refusal (the default would ride out five more).
     */
    @Test
    void theLongPollsKeepTheCallersFailuresInARow() throws Exception {
        StreamWireTest.Script script = new StreamWireTest.Script();
        script.fallback = request -> StreamWireTest.envelopeError(503, "INTERNAL_ERROR", null);
        server.setDispatcher(script);
        dock = client();

        CompletableFuture<DockSession> done = DockSessionStreams.of(dock, StreamSettings.builder()
                .maxConsecutiveFailures(1).build()).awaitCompletionAsync(ID, WaitOptions.builder()
                .maxConsecutiveFailures(0).timeout(Duration.ofMinutes(2)).build());
        runUntilDone(done);

        assertThat(script.requests).extracting(r -> r.getUrl().encodedPath())
                .as("one open, then one long-poll").containsExactly("/dock/v2/sessions/" + ID + "/stream",
                        "/dock/v2/sessions/" + ID);
        Throwable thrown = catchThrowable(done::get);
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOfSatisfying(ApiException.class,
                refused -> assertThat(refused.httpStatus()).isEqualTo(503));
    }

    /**
     * A stream's wait that went on with long-polls and reached its deadline: its {@code WaitTimeoutException}
     * counts the open and the long-polls, in {@code attempts()} and in its message, which says how many of each.
     */
    @Test
    void aTimeoutAfterTheHandOverCountsTheOpensAndTheLongPolls() throws Exception {
        StreamWireTest.Script script = opensRefused(null);
        dock = client();

        CompletableFuture<DockSession> done = DockSessionStreams.of(dock, StreamSettings.builder()
                .maxConsecutiveFailures(2).build()).awaitCompletionAsync(ID, WaitOptions.builder()
                .timeout(Duration.ofSeconds(5)).build());
        runUntilDone(done);

        long opens = script.requests.stream().filter(r -> r.getUrl().encodedPath().endsWith("/stream")).count();
        assertThat(opens).isEqualTo(2);
        assertThat(script.requests.size()).as("opens and long-polls").isGreaterThan(2);
        Throwable thrown = catchThrowable(done::get);
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOfSatisfying(WaitTimeoutException.class, timeout -> {
            // the last long-poll may have been cut by the deadline before it reached the server
            assertThat(timeout.attempts()).as("the requests the wait made (%s)", timeout.getMessage())
                    .isBetween(script.requests.size(), script.requests.size() + 1);
            assertThat(timeout.getMessage()).contains("after " + timeout.attempts() + " requests (2 stream opens, then "
                    + (timeout.attempts() - 2) + " long-polls)");
        });
    }

    /**
     * The same for a stream's wait ended by its client's close while its long-polls wait for their next
     * read: its {@code WaitCancelledException} counts the opens and the long-polls, and says the client
     * was closed ({@code clientClosed()}, its message), whichever of the two waits told it.
     */
    @Test
    void aCloseOfTheClientAfterTheHandOverCountsTheOpensAndTheLongPolls() throws Exception {
        StreamWireTest.Script script = opensRefused(null);
        dock = client();
        Dispatcher calls = DockInternals.waitDispatcher(dock);

        CompletableFuture<DockSession> done = DockSessionStreams.of(dock, StreamSettings.builder()
                .maxConsecutiveFailures(2).build()).awaitCompletionAsync(ID, WaitOptions.builder()
                .timeout(Duration.ofMinutes(2)).build());
        while (script.requests.size() < 4) { // 2 opens, then 2 long-polls read pending
            awaitTrue(() -> calls.runningCallsCount() == 0 && calls.queuedCallsCount() == 0);
            time.advance(Duration.ofSeconds(1));
        }
        awaitTrue(() -> calls.runningCallsCount() == 0 && calls.queuedCallsCount() == 0);
        int made = script.requests.size();

        dock.close();

        awaitTrue(done::isDone);
        Throwable thrown = catchThrowable(done::get);
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOfSatisfying(WaitCancelledException.class, cancelled -> {
            assertThat(cancelled.attempts()).as("the requests the wait made").isEqualTo(made);
            assertThat(cancelled.clientClosed()).isTrue();
            assertThat(cancelled).hasMessage("dock: the wait was cancelled: the client was closed");
        });
    }

    /**
     * The caller's listener follows one wait: after two opens refused 503 with {@code Retry-After: 5}
     * (about 10 s of virtual time), each progress of the long-polls counts the opens in its requests and
     * the time since the stream's wait began in its elapsed time (never the long-polls' own). The stream is
     * opened an hour into the client's clock, so that readings from the clock's origin differ from the wait's.
     */
    @Test
    void theLongPollsProgressCountsFromTheStreamsWait() throws Exception {
        opensRefused("5");
        dock = client();
        List<WaitProgress> progress = new CopyOnWriteArrayList<>();
        List<Duration> heardAt = new CopyOnWriteArrayList<>();
        time.advance(Duration.ofHours(1));
        long began = time.nanoTime();

        CompletableFuture<DockSession> done = DockSessionStreams.of(dock, StreamSettings.builder()
                .maxConsecutiveFailures(2).build()).awaitCompletionAsync(ID, WaitOptions.builder().maxRequests(4)
                .timeout(Duration.ofMinutes(2)).listener(p -> {
                    heardAt.add(Duration.ofNanos(time.nanoTime() - began));
                    progress.add(p);
                }).build());
        runUntilDone(done);

        assertThat(progress).extracting(WaitProgress::attempts).as("requests each progress counted")
                .containsSubsequence(3, 4);
        for (int i = 0; i < progress.size(); i++) {
            WaitProgress heard = progress.get(i);
            if (heard.attempts() > 2) { // a long-poll's: after the opens' 10 s of Retry-After
                assertThat(heard.elapsed()).as("elapsed of %s, heard %s into the stream's wait", heard, heardAt.get(i))
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(10)).isLessThanOrEqualTo(heardAt.get(i));
            }
        }
    }

    /**
     * {@code SessionStream}: closing it "stops at once: the connection is cancelled, no reconnect
     * follows". Closed while the wait holds off the long-polls for the last open's {@code Retry-After},
     * the hold's timer is cancelled with it (none is left in the client's scheduler) and no long-poll follows.
     */
    @Test
    void aStreamClosedWhileItHoldsOffItsLongPollsLeavesNoTimerAndReadsNothing() throws Exception {
        StreamWireTest.Script script = opensRefused("20");
        dock = client();
        Dispatcher calls = DockInternals.waitDispatcher(dock);
        StreamWireTest.Recorder recorder = new StreamWireTest.Recorder();
        SessionStream stream = DockSessionStreams.of(dock, StreamSettings.builder().maxConsecutiveFailures(1).build())
                .open(ID, recorder, WaitOptions.builder().timeout(Duration.ofMinutes(2)).build());
        // the one open was refused and its call is over; the hold (20 s and a jitter under a second) waits on a timer
        awaitTrue(() -> script.requests.size() == 1 && calls.runningCallsCount() == 0 && calls.queuedCallsCount() == 0
                && time.scheduledDelays().stream().anyMatch(delay -> delay.compareTo(Duration.ofSeconds(20)) >= 0));

        stream.close();

        assertThat(recorder.calls).containsExactly("closed");
        assertThat(time.pendingTasks()).as("timers left in the client's scheduler (delays asked: %s)",
                time.scheduledDelays()).isZero();
        time.advance(Duration.ofSeconds(30));
        assertThat(script.requests).as("requests after the close").hasSize(1);
        assertThat(calls.runningCallsCount() + calls.queuedCallsCount()).isZero();
    }

    /**
     * The client closed while the wait holds off its long-polls for the last open's {@code Retry-After}: the
     * stream ends cancelled by the close, its {@code WaitCancelledException} counting the opens made.
     */
    @Test
    void aCloseOfTheClientWhileTheHandOverHoldsCountsTheOpens() throws Exception {
        StreamWireTest.Script script = opensRefused("20");
        dock = client();
        Dispatcher calls = DockInternals.waitDispatcher(dock);
        CompletableFuture<DockSession> done = DockSessionStreams.of(dock, StreamSettings.builder()
                .maxConsecutiveFailures(1).build()).awaitCompletionAsync(ID, WaitOptions.builder()
                .timeout(Duration.ofMinutes(2)).build());
        awaitTrue(() -> script.requests.size() == 1 && calls.runningCallsCount() == 0 && calls.queuedCallsCount() == 0
                && time.scheduledDelays().stream().anyMatch(delay -> delay.compareTo(Duration.ofSeconds(20)) >= 0));

        dock.close();

        awaitTrue(done::isDone);
        Throwable thrown = catchThrowable(done::get);
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOfSatisfying(WaitCancelledException.class, cancelled -> {
            assertThat(cancelled.attempts()).as("the one open").isEqualTo(1);
            assertThat(cancelled.clientClosed()).isTrue();
            assertThat(cancelled).hasMessageContaining("the client was closed");
        });
        assertThat(script.requests).hasSize(1);
    }

    /**
     * {@code WaitStart.parentWaitId()}: "The id of the wait this one carries on, when it does: a session
     * stream whose opens kept failing goes on with long-polls, a {@code "dock.awaitCompletion"} wait".
     */
    @Test
    void theLongPollsWaitCarriesOnTheStreamsWait() throws Exception {
        opensRefused(null);
        List<WaitStart> waits = new CopyOnWriteArrayList<>();
        dock = client(server, time)
                .listener(new VerifyKitListener() {
                    @Override
                    public void onWaitStart(WaitStart wait) {
                        waits.add(wait);
                    }
                })
                .build();

        CompletableFuture<DockSession> done = DockSessionStreams.of(dock, StreamSettings.builder()
                .maxConsecutiveFailures(1).build()).awaitCompletionAsync(ID, WaitOptions.builder().maxRequests(2)
                .timeout(Duration.ofMinutes(2)).build());
        runUntilDone(done);

        assertThat(waits).extracting(WaitStart::operation).containsExactly("dock.stream", "dock.awaitCompletion");
        assertThat(waits.get(0).parentWaitId()).isEmpty();
        assertThat(waits.get(1).parentWaitId()).as("the long-polls' parent").hasValue(waits.get(0).id());
    }

    /** Every stream open refused 503 (with {@code retryAfter}, if any), every long-poll answered pending. */
    private StreamWireTest.Script opensRefused(String retryAfter) {
        return opensRefused(server, retryAfter);
    }

    static StreamWireTest.Script opensRefused(MockWebServer server, String retryAfter) {
        StreamWireTest.Script script = new StreamWireTest.Script();
        script.fallback = request -> request.getUrl().encodedPath().endsWith("/stream")
                ? StreamWireTest.envelopeError(503, "INTERNAL_ERROR", retryAfter)
                : new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"status\":200,\"data\":" + StreamWireTest.session("pending")
                                + ",\"meta\":{\"requestId\":\"req_lp\"}}").build();
        server.setDispatcher(script);
        return script;
    }

    private DockClient client() {
        return client(server, time).build();
    }

    /** A client of {@code server} on {@code scheduler}, with Dock's spacing and keep-alive shrunk. */
    static DockClient.Builder client(MockWebServer server, Scheduler scheduler) {
        return DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(scheduler)
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(100))
                        .keepAlive(Duration.ofMillis(200)).build());
    }

    /** Moves virtual time on a second at a time, each time once no call is in flight, until {@code done} ends. */
    private void runUntilDone(CompletableFuture<?> done) throws InterruptedException {
        Dispatcher calls = DockInternals.waitDispatcher(dock);
        for (int second = 0; second < 120 && !done.isDone(); second++) {
            awaitTrue(() -> done.isDone() || calls.runningCallsCount() == 0 && calls.queuedCallsCount() == 0);
            time.advance(Duration.ofSeconds(1));
        }
        awaitTrue(done::isDone);
    }
}
