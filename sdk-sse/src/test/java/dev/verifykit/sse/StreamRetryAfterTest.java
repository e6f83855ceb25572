package dev.verifykit.sse;

import static dev.verifykit.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.DockInternals;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server's word on when to ask again, and how many reads are left, kept by a stream's wait.
 *
 * <p>The server's {@code retry:} is the event source's reconnection time (SSE: "wait a delay equal to
 * the reconnection time", then optionally some backoff, before any reconnection, after a network
 * error too), and {@code SessionStreams} says it lasts across reconnections. A stream that set
 * {@code retry: 20000}, delivered the session and was then cut (before a keep-alive period, so not
 * "healthy") is reopened after the failure backoff alone (a fraction of a second of jitter, plus the
 * minimum interval): the server's reconnection time is dropped exactly when the server is in trouble,
 * and each early reopen is one more read of the session's poll cap.
 *
 * <p>README: "The {@code Retry-After} of any other refusal (a 503) is obeyed up to 30 s, by a call's
 * retries and by a wait alike." A stream's wait whose last open was refused 503 with
 * {@code Retry-After: 10} goes on with long-polls: the first of them must wait out that hint too.
 */
class StreamRetryAfterTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private DockClient dock;

    @AfterEach
    void tearDown() {
        if (dock != null) {
            dock.close();
        }
    }

    @Test
    void aStreamCutAfterItsRetryFieldIsNotReopenedBeforeThatRetry() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
        StreamWireTest.Script script = new StreamWireTest.Script();
        // the head says more bytes are coming; the connection is shut after the first event: a cut stream
        script.then(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                        .body("retry: 20000\n\n" + StreamWireTest.event(1, "pending"))
                        .setHeader("Content-Length", "100000")
                        .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build())
                .then(StreamWireTest.stream(StreamWireTest.event(2, "completed")));
        server.setDispatcher(script);
        dock = client(time);
        StreamWireTest.Recorder recorder = new StreamWireTest.Recorder();
        okhttp3.Dispatcher calls = DockInternals.waitDispatcher(dock);

        try (SessionStream stream = DockSessionStreams.of(dock, StreamSettings.builder().readTimeout(Duration.ofSeconds(30))
                .build()).open(ID, recorder, WaitOptions.builder().timeout(Duration.ofMinutes(2)).build())) {
            // the first stream was read and cut, and its call is over (its reopen, if any, is scheduled)
            awaitTrue(() -> recorder.calls.contains("session:pending") && script.requests.size() == 1
                    && calls.runningCallsCount() == 0 && calls.queuedCallsCount() == 0);

            time.advance(Duration.ofSeconds(19));
            boolean reopened = script.requests.size() > 1 || calls.runningCallsCount() + calls.queuedCallsCount() > 0;

            assertThat(reopened).as("reopened within 19 s of a stream that said retry: 20000 (virtual delays asked: %s)",
                    time.scheduledDelays()).isFalse();
        }
    }

    @Test
    void theFirstLongPollAfterAFallbackObeysTheLastOpensRetryAfter() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
        StreamWireTest.Script script = script();
        dock = client(time);
        StreamWireTest.Recorder recorder = new StreamWireTest.Recorder();
        okhttp3.Dispatcher calls = DockInternals.waitDispatcher(dock);

        try (SessionStream stream = DockSessionStreams.of(dock, StreamSettings.builder().maxConsecutiveFailures(1).build())
                .open(ID, recorder, WaitOptions.builder().timeout(Duration.ofMinutes(2)).build())) {
            // the one open was refused, and its call is over; what comes next waits on a timer (the open's
            // deadline's was the first): the long-polls' start, or their first read's turn at the session's gate
            awaitTrue(() -> script.requests.size() == 1 && calls.runningCallsCount() == 0
                    && calls.queuedCallsCount() == 0 && time.scheduledDelays().size() >= 2);

            time.advance(Duration.ofSeconds(9));
            boolean read = script.requests.size() > 1 || calls.runningCallsCount() + calls.queuedCallsCount() > 0;

            assertThat(read).as("the session read within 9 s of an open refused 503 with Retry-After: 10 (requests: %s,"
                    + " virtual delays asked: %s)", script.requests.stream().map(r -> r.getUrl().encodedPath()).toList(),
                    time.scheduledDelays()).isFalse();

            time.advance(Duration.ofSeconds(2)); // the hint (and the start's jitter, under a second) passed
            awaitTrue(() -> recorder.calls.contains("terminal:completed"));
        }
    }

    /** A hint past the wait's deadline ends the wait at once, timed out, with no long-poll sent into it. */
    @Test
    void aRetryAfterPastTheDeadlineEndsTheWaitInsteadOfFallingBack() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
        StreamWireTest.Script script = script();
        dock = client(time);

        CompletableFuture<DockSession> done = DockSessionStreams.of(dock, StreamSettings.builder()
                .maxConsecutiveFailures(1).build()).awaitCompletionAsync(ID, WaitOptions.builder()
                .timeout(Duration.ofSeconds(5)).build());

        awaitTrue(done::isDone); // no virtual time passes: ended by the refusal's hint, not by a timer
        assertThat(catchThrowable(done::join)).hasCauseInstanceOf(WaitTimeoutException.class);
        assertThat(script.requests).hasSize(1);
    }

    /**
     * The last open's hint before the long-polls is obeyed as a wait obeys it (StreamRun.holdAfter): a
     * 503's up to the retry policy's {@code maxRetryAfter} (30 s by default; README: "The
     * {@code Retry-After} of any other refusal (a 503) is obeyed up to 30 s"), a 429's however long.
     */
    @Test
    void aFallbacksHoldAfterA503IsCutToTheLongestRetryAfter() throws Exception {
        afterTheOpensRefusal(503, "INTERNAL_ERROR", (time, script, recorder) -> {
            time.advance(Duration.ofSeconds(45)); // the 30 s, its jitter and the long-polls' start's passed
            awaitTrue(() -> recorder.calls.contains("terminal:completed"));
        });
    }

    @Test
    void aFallbacksHoldAfterA429IsTheWholeHint() throws Exception {
        afterTheOpensRefusal(429, "RATE_LIMITED", (time, script, recorder) -> {
            time.advance(Duration.ofSeconds(59));
            okhttp3.Dispatcher calls = DockInternals.waitDispatcher(dock);
            boolean read = script.requests.size() > 1 || calls.runningCallsCount() + calls.queuedCallsCount() > 0;
            assertThat(read).as("the session read within 59 s of an open refused 429 with Retry-After: 60 (virtual"
                    + " delays asked: %s)", time.scheduledDelays()).isFalse();
        });
    }

    private interface Then {
        void check(VirtualScheduler time, StreamWireTest.Script script, StreamWireTest.Recorder recorder) throws Exception;
    }

    /**
     * Opens a stream whose one open is refused {@code status} with {@code Retry-After: 60}, after which
     * the wait goes on with long-polls (answered the session completed), and checks {@code then} once
     * the refused open's call is over.
     */
    private void afterTheOpensRefusal(int status, String code, Then then) throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
        StreamWireTest.Script script = new StreamWireTest.Script();
        script.fallback = request -> request.getUrl().encodedPath().endsWith("/stream")
                ? StreamWireTest.envelopeError(status, code, "60")
                : new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"status\":200,\"data\":" + StreamWireTest.session("completed")
                                + ",\"meta\":{\"requestId\":\"req_lp\"}}").build();
        server.setDispatcher(script);
        dock = client(time);
        StreamWireTest.Recorder recorder = new StreamWireTest.Recorder();
        okhttp3.Dispatcher calls = DockInternals.waitDispatcher(dock);

        try (SessionStream stream = DockSessionStreams.of(dock, StreamSettings.builder().maxConsecutiveFailures(1).build())
                .open(ID, recorder, WaitOptions.builder().timeout(Duration.ofMinutes(5)).build())) {
            // the one open was refused, and its call is over; what comes next waits on a timer
            awaitTrue(() -> script.requests.size() == 1 && calls.runningCallsCount() == 0
                    && calls.queuedCallsCount() == 0 && time.scheduledDelays().size() >= 2);
            then.check(time, script, recorder);
        }
    }

    /** Every stream open answered 503 with Retry-After: 10, every long-poll the session completed. */
    private StreamWireTest.Script script() {
        StreamWireTest.Script script = new StreamWireTest.Script();
        script.fallback = request -> request.getUrl().encodedPath().endsWith("/stream")
                ? StreamWireTest.envelopeError(503, "INTERNAL_ERROR", "10")
                : new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"status\":200,\"data\":" + StreamWireTest.session("completed")
                                + ",\"meta\":{\"requestId\":\"req_lp\"}}").build();
        server.setDispatcher(script);
        return script;
    }

    private DockClient client(VirtualScheduler time) {
        return DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(time)
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(100))
                        .keepAlive(Duration.ofMillis(200)).build())
                .build();
    }

    /**
     * lastRateLimit() is told of every refusal, a stream open's included (StreamRun's refusal goes
     * through the error mapper), and of a stream open's answer too: a first version noted only a
     * retrieve's success, so after a refused open and a successful one lastRateLimit() kept the
     * refusal's "0 left" for good (found by a review). (A stream open is a read: CONTRACT "Reads (a GET of the session or a
     * stream open)"; DockClient.lastRateLimit: "the latest session read or create".)
     */
    @Test
    void aStreamOpensAnswerIsNotedAsItsRefusalIs() throws Exception {
        server.enqueue(new MockResponse.Builder(StreamWireTest.envelopeError(429, "RATE_LIMITED", "0"))
                .setHeader("X-RateLimit-Limit", "60").setHeader("X-RateLimit-Remaining", "0").build());
        server.enqueue(new MockResponse.Builder(StreamWireTest.stream(StreamWireTest.event(1, "completed")))
                .setHeader("X-RateLimit-Limit", "60").setHeader("X-RateLimit-Remaining", "58").build());
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(100))
                        .keepAlive(Duration.ofMillis(200)).build())
                .build();

        DockSessionStreams.of(dock, StreamSettings.builder().readTimeout(Duration.ofSeconds(30)).build())
                .awaitCompletionAsync(ID).get(30, TimeUnit.SECONDS);

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(dock.lastRateLimit()).as("after a refused open, then an answered one")
                .hasValueSatisfying(limit -> assertThat(limit.remaining()).hasValue(58));
    }
}
