package dev.verifykit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.ServerException;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link VerifyKitListener#onRetry}: "An attempt failed and the call will try again after a delay";
 * {@code RetryEvent}: "An attempt failed and will be tried again"; VerifyKitMetrics counts each as
 * {@code verifykit.retries} ("Attempts that failed and were tried again") and VerifyKitTracing puts
 * it on the call's span beside {@code verifykit.retries = attempts - 1}. A retry is told before the
 * guard (the create bucket) or the session's read gate is asked for the next attempt's turn; when
 * that turn is refused, the call ends with the previous failure and the retry told is never made:
 * one more retry is told than the call's attempts allow.
 */
class RetryToldButNeverMadeTest {
    private static final String KEY = "dock_test_free";

    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).build()).build());
    private final List<RetryEvent> retries = new CopyOnWriteArrayList<>();
    private final List<CallEnd> ends = new CopyOnWriteArrayList<>();
    private final VerifyKitListener listener = new VerifyKitListener() {
        @Override
        public void onRetry(CallStart call, RetryEvent retry) {
            retries.add(retry);
        }

        @Override
        public void onCallEnd(CallStart call, CallEnd end) {
            ends.add(end);
        }
    };

    @AfterEach
    void stop() {
        mock.close();
    }

    private static CreateSessionParams params(String clientId) {
        return CreateSessionParams.builder().pid("PID-FREE0001").clientId(clientId).build();
    }

    private static RetryPolicy quickRetries() {
        return RetryPolicy.builder().maxRetries(2).baseDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(20)).build();
    }

    /** A create refused with 503 whose retry then finds the create bucket empty: nothing more is sent. */
    @Test
    void aCreateWhoseRetryFindsTheBucketEmptyTellsNoRetry() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503), 1);
        try (DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).createBurst(1)
                        .createRefill(Duration.ofHours(1)).build())
                .createTokenWait(Duration.ZERO).retryPolicy(quickRetries()).listener(listener).build()) {
            assertThatThrownBy(() -> dock.sessions().create(params("user_1"))).isInstanceOf(ServerException.class);
        }
        assertThat(mock.journal().find(MockJournalQuery.all().method("POST").path("/dock/v2/sessions")))
                .as("creates the mock received").hasSize(1);
        assertThat(ends).hasSize(1);
        assertThat(retries).as("retries told for a call of %s attempt(s)", ends.get(0).attempts())
                .hasSize(ends.get(0).attempts() - 1);
    }

    /**
     * A read refused with 503 whose retry's turn at the session's gate (the minimum interval after the
     * refused read) comes after the call's timeout: the call ends with the 503, nothing more is sent.
     */
    @Test
    void aRetrieveWhoseRetryTurnComesAfterItsTimeoutTellsNoRetry() {
        try (DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofSeconds(60)).build())
                .retryPolicy(quickRetries()).listener(listener).build()) {
            DockSession session = dock.sessions().create(params("user_2"));
            ends.clear();
            mock.faults().add("GET", "/dock/v2/sessions/*", MockFault.respond(503), 1);
            assertThatThrownBy(() -> dock.sessions().retrieve(session.id(),
                    RequestOptions.builder().timeout(Duration.ofSeconds(10)).build())).isInstanceOf(ServerException.class);
            assertThat(mock.journal().find(MockJournalQuery.all().method("GET").path("/dock/v2/sessions/" + session.id())))
                    .as("reads the mock received").hasSize(1);
        }
        assertThat(ends).hasSize(1);
        assertThat(retries).as("retries told for a call of %s attempt(s)", ends.get(0).attempts())
                .hasSize(ends.get(0).attempts() - 1);
    }

    /**
     * With Dock's default minimum interval (2 s) a read refused with 503 is retried after its backoff
     * (tens of ms) and then the session's gate turn, about 2 s after the refused read: the RetryEvent
     * ("delay: How long until the next attempt", VerifyKitTracing's verifykit.delay_ms) tells the
     * backoff only. In virtual time (the client's scheduler), the second attempt starts about 2 s
     * after the retry was told with a delay of at most 20 ms.
     */
    @Test
    void aRetrieveRetryTellsTheDelayUntilItsNextAttempt() {
        VirtualScheduler time = VirtualScheduler.autoAdvancing(Instant.parse("2026-01-01T00:00:00Z"));
        List<Long> retryToldAt = new CopyOnWriteArrayList<>();
        List<Long> attemptStartedAt = new CopyOnWriteArrayList<>();
        VerifyKitListener clock = new VerifyKitListener() {
            @Override
            public void onRetry(CallStart call, RetryEvent retry) {
                retryToldAt.add(time.nanoTime());
            }

            @Override
            public void onAttemptStart(CallStart call, int attempt) {
                attemptStartedAt.add(time.nanoTime());
            }
        };
        try (MockServer fast = MockServer.start(MockSettings.builder()
                .dock(DockSettings.builder().minPollInterval(Duration.ZERO).build()).build());
                DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(fast.dockBaseUrl()).scheduler(time)
                        .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofSeconds(2)).build())
                        .retryPolicy(quickRetries()).build();
                DockClient observed = DockClient.builder().apiKey(KEY).baseUrl(fast.dockBaseUrl()).scheduler(time)
                        .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofSeconds(2)).build())
                        .retryPolicy(quickRetries()).listener(listener).listener(clock).build()) {
            DockSession session = dock.sessions().create(params("user_3"));
            fast.faults().add("GET", "/dock/v2/sessions/*", MockFault.respond(503), 1);
            observed.sessions().retrieve(session.id());
        }
        assertThat(retries).hasSize(1);
        assertThat(attemptStartedAt).hasSize(2);
        Duration untilNext = Duration.ofNanos(attemptStartedAt.get(1) - retryToldAt.get(0));
        assertThat(retries.get(0).delay()).as("the delay told; the next attempt started %s ms after", untilNext.toMillis())
                .isGreaterThanOrEqualTo(untilNext.minusMillis(100));
    }

    /**
     * CallEnd.status: "The last HTTP status answered, when one was"; VerifyKitTracing's
     * http.response.status_code "(the last answer)", VerifyKitMetrics' status tag "(last HTTP status,
     * or none)". A create answered 503, then retried into a connection reset, ends with no status,
     * while its request id is the 503 answer's.
     */
    @Test
    void aCallWhoseLastAttemptGotNoAnswerKeepsTheLastStatusAnswered() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503), 1);
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.resetBeforeResponse(false), 1);
        try (DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                .createTokenWait(Duration.ZERO).retryPolicy(RetryPolicy.builder().maxRetries(1)
                        .baseDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(20)).build())
                .listener(listener).build()) {
            assertThatThrownBy(() -> dock.sessions().create(params("user_4")))
                    .isInstanceOf(dev.verifykit.error.TransportException.class);
        }
        assertThat(ends).hasSize(1);
        CallEnd end = ends.get(0);
        assertThat(end.attempts()).isEqualTo(2);
        assertThat(end.requestId()).as("the request id told (the 503 answer's)").isPresent();
        assertThat(end.status()).as("the status told beside that request id").hasValue(503);
    }
}
