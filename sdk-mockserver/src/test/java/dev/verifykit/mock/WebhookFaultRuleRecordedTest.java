package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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

    /**
     * README, fault table: {@code webhook-fail} "the attempt is not sent; recorded with {@code status: -1},
     * {@code error: "fault: failed by rule fN, not sent"}; retried as usual"; {@code webhook-duplicate} "the attempt
     * is sent twice, the same bytes; both are recorded with the same attempt number; the first copy's answer decides
     * about retries".
     */
    @Test
    void aFailedAttemptIsRetriedAndADuplicateIsSentTwiceWithTheFirstCopyDeciding() throws Exception {
        MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T10:30:00Z"));
        try (WebhookReceiver answering = WebhookReceiver.answering();
                WebhookReceiver failingOnce = WebhookReceiver.answering(500);
                MockServer server = MockServer.start(MockSettings.builder().clock(clock)
                        .dokai(DokaiSettings.builder().deliveryDelays(Duration.ofMillis(50))
                                .deliveryTimeout(Duration.ofMinutes(2)).build()).build())) {
            DokaiHttp http = new DokaiHttp(server);
            String failRule = server.faults().add("POST", "/**", MockFault.webhookFail(), 1).id();
            server.dokai().finish(http.newSession("{\"webhook_url\":\"" + answering.url() + "\"}"), "verified");

            List<MockWebhookDelivery> log = server.dokai().awaitDeliveries(2, GENEROUS);
            assertThat(log.get(0).attempt()).isEqualTo(1);
            assertThat(log.get(0).status()).isEqualTo(-1);
            assertThat(log.get(0).error()).isEqualTo("fault: failed by rule " + failRule + ", not sent");
            assertThat(log.get(0).faultRule()).isEqualTo(failRule);
            assertThat(log.get(0).signatureHeader()).as("nothing was signed").isNull();
            assertThat(log.get(1).attempt()).isEqualTo(2);
            assertThat(log.get(1).status()).isEqualTo(200);
            assertThat(log.get(1).faultRule()).isNull();
            assertThat(answering.received()).hasSize(1);

            String duplicateRule = server.faults().add("POST", "/**", MockFault.webhookDuplicate(), 1).id();
            server.dokai().finish(http.newSession("{\"webhook_url\":\"" + failingOnce.url() + "\"}"), "failed");

            List<MockWebhookDelivery> copies = server.dokai().awaitDeliveries(5, GENEROUS).subList(2, 5);
            assertThat(copies).as("the two copies of attempt 1 (500, then 200), then attempt 2").extracting(
                    MockWebhookDelivery::attempt, MockWebhookDelivery::status, MockWebhookDelivery::faultRule)
                    .containsExactly(tuple(1, 500, duplicateRule), tuple(1, 200, duplicateRule), tuple(2, 200, null));
            assertThat(failingOnce.received()).hasSize(3).extracting(WebhookReceiver.Received::text)
                    .containsOnly(copies.get(0).body());
        }
    }
}
