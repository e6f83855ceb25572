package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every delivery attempt a webhook fault acted on carries that rule's id ({@code MockWebhookDelivery.faultRule()},
 * README: "Delivery attempts carry the rule that acted on them"), a delayed one included.
 */
class WebhookFaultRuleRecordedTest {
    private static final Duration GENEROUS = Duration.ofSeconds(15);

    @Test
    void aDelayedAttemptCarriesTheRuleThatDelayedIt() throws Exception {
        MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T10:30:00Z"));
        try (WebhookReceiver receiver = WebhookReceiver.answering();
                MockServer server = MockServer.start(MockSettings.builder().clock(clock)
                        .dokai(DokaiSettings.builder().deliveryDelays(Duration.ofMillis(50))
                                .deliveryTimeout(Duration.ofMinutes(2)).build()).build())) {
            String rule = server.faults().add("POST", "/**", MockFault.webhookDelay(Duration.ofMillis(10)), 1).id();
            String id = new DokaiHttp(server).newSession("{\"webhook_url\":\"" + receiver.url() + "\"}");

            server.dokai().finish(id, "verified");

            List<MockWebhookDelivery> log = server.dokai().awaitDeliveries(1, GENEROUS);
            assertThat(log).singleElement().satisfies(d -> {
                assertThat(d.status()).isEqualTo(200);
                assertThat(d.faultRule()).as("the rule that delayed the attempt").isEqualTo(rule);
            });
        }
    }
}
