package dev.verifykit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.RetryEvent;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * VerifyKitListener#onRetry: "A retry the call never makes (its timeout passed, its turn refused,
 * its client closed) is not told: a call of n attempts tells n - 1 retries." The create bucket's
 * guard let a token wait run up to exactly the call's timeout, and the retry was told before the
 * deadline was checked: told, then not sent (found by the review of the session's own diff).
 */
class RetryToldAtItsTimeoutTest {
    @Test
    void aCreateWhoseTokenComesExactlyAtItsTimeoutTellsNoRetry() {
        VirtualScheduler time = VirtualScheduler.autoAdvancing(Instant.parse("2026-01-01T00:00:00Z"));
        List<RetryEvent> retries = new CopyOnWriteArrayList<>();
        List<CallEnd> ends = new CopyOnWriteArrayList<>();
        VerifyKitListener listener = new VerifyKitListener() {
            @Override
            public void onRetry(CallStart call, RetryEvent retry) {
                retries.add(retry);
            }

            @Override
            public void onCallEnd(CallStart call, CallEnd end) {
                ends.add(end);
            }
        };
        try (MockServer mock = MockServer.start(MockSettings.builder().build())) {
            mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503), 1);
            try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl()).scheduler(time)
                    .guardrails(DockGuardrails.builder().createBurst(1).createRefill(Duration.ofSeconds(10)).build())
                    .createTokenWait(Duration.ofSeconds(60))
                    .retryPolicy(RetryPolicy.builder().maxRetries(2).baseDelay(Duration.ofMillis(10))
                            .maxDelay(Duration.ofMillis(20)).build())
                    .listener(listener).build()) {
                assertThatThrownBy(() -> dock.sessions().create(
                        CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build(),
                        RequestOptions.builder().timeout(Duration.ofSeconds(10)).build()))
                        .isInstanceOf(VerifyKitException.class);
            }
            assertThat(mock.journal().find(MockJournalQuery.all().method("POST").path("/dock/v2/sessions")))
                    .as("creates the mock received").hasSize(1);
        }
        assertThat(ends).hasSize(1);
        assertThat(retries).as("retries told for a call of %s attempt(s)", ends.get(0).attempts())
                .hasSize(ends.get(0).attempts() - 1);
    }
}
