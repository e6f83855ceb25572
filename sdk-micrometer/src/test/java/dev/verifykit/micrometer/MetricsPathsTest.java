package dev.verifykit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.ServerException;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitStart;
import dev.verifykit.http.EventStreamReader;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * VerifyKitMetrics on paths the other tests do not take: a wait its caller completes, a retry
 * that is never made, a stream open cut by the wait's deadline before its head.
 */
class MetricsPathsTest {
    private static final String KEY = "dock_test_free";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final VerifyKitMetrics metrics = VerifyKitMetrics.create(registry);
    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(50)).build())
            .build());

    @AfterEach
    void stop() {
        mock.close();
        registry.close();
    }

    private DockClient.Builder client() {
        return DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(50))
                        .build())
                .retryPolicy(RetryPolicy.builder().maxRetries(2).baseDelay(Duration.ofMillis(10))
                        .maxDelay(Duration.ofMillis(20)).build())
                .createTokenWait(Duration.ZERO).listener(metrics);
    }

    private static CreateSessionParams params(String clientId) {
        return CreateSessionParams.builder().pid("PID-FREE0001").clientId(clientId).build();
    }

    private double activeWaits() {
        return registry.get("verifykit.waits.active").tags("operation", "dock.awaitCompletion").gauge().value();
    }

    /**
     * README: "Completing or cancelling the future yourself ends the wait". Completed with
     * completeAsync (which does not go through complete()), the wait is never told ended: the gauge
     * of waits in progress keeps it for the registry's life, and no verifykit.waits is timed.
     */
    @Test
    void aWaitItsCallerCompletesWithCompleteAsyncLeavesNoWaitActive() throws Exception {
        try (DockClient dock = client().build()) {
            DockSession session = dock.sessions().create(params("user_1"));
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (mock.dock().heldLongPolls() < 1 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(activeWaits()).isEqualTo(1);
            wait.completeAsync(() -> session, Runnable::run);
            assertThat(wait).isDone();
        }
        assertThat(activeWaits()).as("verifykit.waits.active once the wait was completed and the client closed").isZero();
        assertThat(registry.find("verifykit.waits").timers()).as("verifykit.waits timers").isNotEmpty();
    }

    /**
     * A create refused with 503 whose retry finds the create bucket empty: one attempt, nothing more
     * sent, yet verifykit.retries ("Attempts that failed and were tried again") counts one.
     */
    @Test
    void aRetryNeverMadeIsNotCounted() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503), 1);
        try (DockClient dock = client().guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50))
                .createBurst(1).createRefill(Duration.ofHours(1)).build()).build()) {
            assertThatThrownBy(() -> dock.sessions().create(params("user_2"))).isInstanceOf(ServerException.class);
        }
        assertThat(registry.find("verifykit.retries").counters()).as("verifykit.retries of a call sent once").isEmpty();
    }

    /**
     * A stream open whose head has not come when the wait's deadline passes was timed as a successful
     * call with no status (outcome=success, status=none), though nothing answered it.
     * The client's time is virtual: the deadline passes once the open has reached the mock (which
     * holds its head a minute), not after a second of real time, which a loaded machine could spend
     * before sending the open at all (no open timed: nothing to check).
     */
    @Test
    void aStreamOpenCutByTheDeadlineBeforeItsHeadIsNotASuccess() throws Exception {
        EventStreamReader never = (response, maxBytes, handler) -> { };
        CompletableFuture<WaitEnd> ended = new CompletableFuture<>();
        VerifyKitListener waitEnd = new VerifyKitListener() {
            @Override
            public void onWaitEnd(WaitStart wait, WaitEnd end) {
                ended.complete(end);
            }
        };
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
        try (DockClient dock = client().listener(waitEnd).scheduler(time).build()) {
            DockSession session = dock.sessions().create(params("user_3"));
            mock.faults().add("GET", "/dock/v2/sessions/*/stream", MockFault.delayHead(Duration.ofSeconds(60)), 5);
            SessionStreams streams = dock.sessions().streams(never,
                    StreamSettings.builder().readTimeout(Duration.ofSeconds(30)).fallbackToLongPoll(false).build());
            CompletableFuture<DockSession> wait = streams.awaitCompletionAsync(session.id(),
                    WaitOptions.builder().timeout(Duration.ofSeconds(1)).build());
            mock.journal().await(MockJournalQuery.all().method("GET").path("/dock/v2/sessions/" + session.id() + "/stream"),
                    1, Duration.ofSeconds(30));
            time.advance(Duration.ofSeconds(1)); // the wait's deadline, the open's head still held
            assertThat(ended.get(30, TimeUnit.SECONDS).outcome().name()).isEqualTo("TIMED_OUT");
            // the wait's end is told before its future completes: wait for the future, not a look at it
            assertThatThrownBy(() -> wait.get(30, TimeUnit.SECONDS)).isInstanceOf(java.util.concurrent.ExecutionException.class);
        }
        Timer opens = registry.find("verifykit.calls").tags("operation", "GET /v2/sessions/{id}/stream").timer();
        assertThat(opens).isNotNull();
        assertThat(opens.getId().getTag("outcome")).as("outcome of a stream open nothing answered, tags %s",
                opens.getId().getTags()).isNotEqualTo("success");
    }
}
