package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * README, Fault injection: "{@code MockFaultRule.spec()} and {@code MockFault.toString()} print this syntax"
 * (the compact syntax of {@code --fault} and {@code POST /_mock/faults}). What they print must be a rule that
 * syntax reads back as the same rule.
 */
class FaultRuleSpecRoundTripTest {

    private final MockServer server = MockServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDelayOfLessThanAMillisecondIsPrintedAsARuleTheSyntaxTakes() {
        MockFaultRule rule = server.faults().add("GET", "/dock/**", MockFault.delayHead(Duration.ofNanos(500_000)), 1);

        MockFaultRule again = server.faults().add(rule.spec());

        assertThat(again.fault()).isEqualTo(rule.fault());
    }

    @Test
    void aDelayWithAFractionOfAMillisecondIsPrintedExactly() {
        MockFaultRule rule = server.faults().add("POST", "/hook", MockFault.webhookDelay(Duration.ofNanos(1_500_000)), 1);

        MockFault again = server.faults().add(rule.spec()).fault();

        assertThat(((MockFault.WebhookDelay) again).delay()).as("the delay of " + rule.spec())
                .isEqualTo(Duration.ofNanos(1_500_000));
    }
}
