package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.PollCapException;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A wait stopped by its caller's own {@code WaitOptions.maxRequests} says so. It said "stopped at
 * the poll cap of 2 requests, before the service would refuse" (an outside review): Dock's cap was
 * 60 on this plan and Dock would have taken 58 more reads; the message named neither the option nor
 * the rule that stopped the wait, and sent the integrator looking at Dock's poll cap.
 */
class WaitRequestLimitMessageTest {
    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(1)).build())
            .build());

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void aWaitStoppedByItsOwnRequestLimitNamesIt() {
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(1))
                        .build())
                .build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());

            assertThatThrownBy(() -> dock.sessions().awaitCompletion(session.id(),
                    WaitOptions.builder().maxRequests(2).build()))
                    .isInstanceOfSatisfying(PollCapException.class, e -> {
                        assertThat(e.limit()).isEqualTo(2);
                        assertThat(e.option()).as("the option that stopped it").contains("WaitOptions.maxRequests");
                    })
                    .hasMessage("dock: stopped at the wait's own limit of 2 requests (WaitOptions.maxRequests), not at"
                            + " the service's poll cap");
        }
    }
}
