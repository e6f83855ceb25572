package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.TransportException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.event.AttemptEnd;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitStart;
import dev.verifykit.http.EventStreamReader;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.RawServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A stream open whose head has not come when the wait's deadline passes: its attempt is told failed
 * (a TransportException, "the wait's deadline passed before the stream opened", no status), but its
 * call is told a success (no failure, not cancelled), so its span has no error and
 * {@code verifykit.calls} counts it as {@code outcome=success, status=none}. A long-poll cut the
 * same way by its wait's deadline is a failed call (TransportException, timed out).
 */
class StreamOpenCutByDeadlineTest {
    /** Never called: no open here opens (its head comes after the deadline, or it is refused). */
    private static final EventStreamReader READER = (response, maxBytes, handler) -> { };

    @Test
    void aStreamOpenCutByTheWaitsDeadlineBeforeItsHeadIsNotASuccessfulCall() throws Exception {
        List<CallStart> starts = new CopyOnWriteArrayList<>();
        List<CallEnd> ends = new CopyOnWriteArrayList<>();
        List<AttemptEnd> attempts = new CopyOnWriteArrayList<>();
        CompletableFuture<WaitEnd> waitEnd = new CompletableFuture<>();
        VerifyKitListener listener = new VerifyKitListener() {
            @Override
            public void onAttempt(CallStart call, AttemptEnd attempt) {
                if (call.waitId().isPresent()) {
                    attempts.add(attempt);
                }
            }

            @Override
            public void onCallEnd(CallStart call, CallEnd end) {
                if (call.waitId().isPresent()) {
                    starts.add(call);
                    ends.add(end);
                }
            }

            @Override
            public void onWaitEnd(WaitStart wait, WaitEnd end) {
                waitEnd.complete(end);
            }
        };
        try (MockServer mock = MockServer.start(MockSettings.builder()
                .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).build()).build());
                DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                        .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).build())
                        .listener(listener).build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
            // the head comes 60 s late; the wait's deadline is 10 s away; the open's own limit 30 s (readTimeout).
            // The open must be sent before the deadline: with 1 s, a machine that took a second to send it
            // ended the wait before (nothing sent, no attempt told), and the test failed.
            mock.faults().add("GET", "/dock/v2/sessions/*/stream", MockFault.delayHead(Duration.ofSeconds(60)), 5);
            SessionStreams streams = dock.sessions().streams(READER,
                    StreamSettings.builder().readTimeout(Duration.ofSeconds(30)).fallbackToLongPoll(false).build());
            CompletableFuture<DockSession> wait = streams.awaitCompletionAsync(session.id(),
                    WaitOptions.builder().timeout(Duration.ofSeconds(10)).build());
            try {
                wait.get(40, TimeUnit.SECONDS);
            } catch (ExecutionException expected) {
                assertThat(expected.getCause()).isInstanceOf(WaitTimeoutException.class);
            }
            waitEnd.get(30, TimeUnit.SECONDS);
        }
        assertThat(ends).hasSize(1);
        assertThat(starts.get(0).operation()).isEqualTo("GET /v2/sessions/{id}/stream");
        assertThat(attempts).hasSize(1);
        assertThat(attempts.get(0).failure()).as("the open's attempt").hasValue("TransportException");
        CallEnd end = ends.get(0);
        assertThat(end.succeeded()).as("the open's call, cut by the deadline before any answer: %s", end).isFalse();
    }

    /**
     * A stream open refused (a 503 head) whose refusal body stalls until the wait's deadline: the
     * deadline cuts the body's read. README ("An attempt cut off by its time limit is a
     * TransportException that says it 'timed out' and names the limit that cut it off") and RELIABILITY
     * ("A deadline ends a wait as timed out": the request a wait's deadline cut is a TransportException
     * "timed out") promise a timeout; the open was reported "was cancelled", told to the listener as a
     * cancelled attempt and the wait's last failure. A long-poll whose body the deadline cuts says "timed
     * out" (DeadlineSweep: "no complete answer within the attempt's time limit").
     */
    @Test
    void aStreamOpensRefusalBodyCutByTheWaitsDeadlineIsATimeoutNotACancel() throws Exception {
        List<AttemptEnd> attempts = new CopyOnWriteArrayList<>();
        List<CallEnd> ends = new CopyOnWriteArrayList<>();
        VerifyKitListener listener = new VerifyKitListener() {
            @Override
            public void onAttempt(CallStart call, AttemptEnd attempt) {
                attempts.add(attempt);
            }

            @Override
            public void onCallEnd(CallStart call, CallEnd end) {
                ends.add(end);
            }
        };
        // the head at once, then 1 byte of a 1,000-byte body and nothing more until the client gives up
        try (RawServer server = new RawServer(conn -> conn.write("HTTP/1.1 503 Service Unavailable\r\n"
                + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"));
                DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock"))
                        .listener(listener).build()) {
            SessionStreams streams = dock.sessions().streams(READER,
                    StreamSettings.builder().readTimeout(Duration.ofSeconds(30)).fallbackToLongPoll(false).build());
            CompletableFuture<DockSession> wait = streams.awaitCompletionAsync("vsn_A1b2C3d4E5f6G7h8J9k0L1",
                    WaitOptions.builder().timeout(Duration.ofSeconds(5)).build()); // the head comes at once
            Throwable failure;
            try {
                wait.get(30, TimeUnit.SECONDS); // a hang guard: the open's own limit (connect + read timeout) is 40 s
                throw new AssertionError("the wait succeeded");
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            assertThat(failure).isInstanceOf(WaitTimeoutException.class);
            assertThat(server.heads).as("one open, whose refusal's body stalled").hasSize(1);
            assertThat(failure.getCause()).as("the open the deadline cut, the wait's last failure")
                    .isInstanceOf(TransportException.class);
            assertThat(failure.getCause().getMessage()).as("the open the deadline cut").contains("timed out")
                    .doesNotContain("was cancelled");
        }
        assertThat(attempts).hasSize(1);
        assertThat(attempts.get(0).status()).as("the open's head came before the deadline").hasValue(503);
        assertThat(ends).hasSize(1);
        assertThat(ends.get(0).cancelled()).as("the open's call, cut by the wait's deadline: %s", ends.get(0)).isFalse();
    }
}
