package dev.verifykit.mock.internal.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockFaultRule;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The rules as {@code MockFaults} and the module README's "Fault injection" document them: looked up and
 * removed by id, a time-bound rule's end kept, a request claiming the first active rule its kind may take
 * (stream kinds only stream opens, {@code truncate-body} never one, webhook kinds only deliveries).
 */
class FaultRulesTest {

    private final FaultRules rules = new FaultRules();

    @Test
    void aRuleIsFoundAndRemovedByItsIdAlone() {
        MockFaultRule first = rules.add("GET /dock/** respond status=500");
        MockFaultRule second = rules.add("GET /dock/** respond status=503");

        assertThat(rules.rule(second.id())).hasValueSatisfying(r -> assertThat(r.fault()).isEqualTo(MockFault.respond(503)));
        assertThat(rules.rule("f9")).isEmpty();
        assertThat(rules.remove(second.id())).hasValueSatisfying(r -> assertThat(r.id()).isEqualTo("f2"));
        assertThat(rules.rules()).extracting(MockFaultRule::id).containsExactly(first.id());
        assertThat(rules.remove("f9")).isEmpty();
    }

    @Test
    void aRuleAddedForADurationEndsThatLongAfterItWasAdded() {
        Instant before = Instant.now();
        MockFaultRule rule = rules.addFor("GET", "/dock/**", MockFault.respond(503), Duration.ofHours(1));
        Instant after = Instant.now();

        assertThat(rule.times()).isNull();
        assertThat(rule.expiresAt()).isBetween(before.plus(Duration.ofHours(1)), after.plus(Duration.ofHours(1)));
        assertThat(rules.rules()).singleElement().extracting(MockFaultRule::expiresAt).isEqualTo(rule.expiresAt());
    }

    @Test
    void truncateBodySkipsAStreamOpenAndStreamKindsSkipEveryOtherRequest() {
        rules.add("GET /dock/** truncate-body times=1");
        rules.add("GET /dock/** drop-stream times=1");
        String stream = "/dock/v2/sessions/vsn_1/stream";

        assertThat(rules.claimRequest("GET", stream, true)).extracting(FaultRules.Claim::ruleId).isEqualTo("f2");
        assertThat(rules.claimRequest("GET", stream, true)).as("f2 used up; f1 skips streams").isNull();
        assertThat(rules.claimRequest("GET", "/dock/v2/sessions/vsn_1", false))
                .extracting(FaultRules.Claim::ruleId).isEqualTo("f1");
    }

    @Test
    void webhookRulesActOnDeliveriesOnlyAndRequestsTakeTheOthers() {
        rules.add("* /dokai/** respond status=500");
        rules.add("POST /dokai/hook/a webhook-fail times=1");
        rules.add("* /dokai/hook/** webhook-drop");

        assertThat(rules.claimWebhook("/dokai/hook/a")).satisfies(c -> {
            assertThat(c.ruleId()).isEqualTo("f2");
            assertThat(c.fault()).isEqualTo(MockFault.webhookFail());
        });
        assertThat(rules.claimWebhook("/dokai/hook/a")).extracting(FaultRules.Claim::ruleId).as("f2 used up").isEqualTo("f3");
        assertThat(rules.claimWebhook("/other")).isNull();
        assertThat(rules.claimRequest("POST", "/dokai/hook/a", false)).extracting(FaultRules.Claim::ruleId)
                .as("a request takes no webhook rule").isEqualTo("f1");
        assertThat(rules.rule("f3")).hasValueSatisfying(r -> assertThat(r.applied()).isEqualTo(1));
    }
}
