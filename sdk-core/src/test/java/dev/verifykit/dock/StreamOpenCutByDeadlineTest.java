package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

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
    /** Never called: the head never arrives before the deadline. */
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
}
