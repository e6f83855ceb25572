package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rule that could act on nothing is refused "saying why" (README, Fault injection): a {@code GET}
 * {@code truncate-body} whose path lacks the service prefix, or names only the control plane, is
 * refused for that, not for matching "only stream opens", which it does not.
 */
class FaultRuleRefusalReasonTest {

    private final MockServer server = MockServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aGetTruncateBodyOnAPathWithoutTheServicePrefixIsRefusedForThat() {
        assertThatThrownBy(() -> server.faults().add("GET /v2/sessions/* truncate-body"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a fault rule's path /v2/sessions/* matches no path the mock serves: paths begin with"
                        + " the service's prefix, /dock, /roblox or /dokai");
    }

    @Test
    void aGetTruncateBodyOnTheControlPlaneIsRefusedForThat() {
        assertThatThrownBy(() -> server.faults().add("GET", "/_mock/**", MockFault.truncateBody(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a fault rule's path /_mock/** matches only the control plane, which is never faulted");
    }
}
