package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A create bucket whose full time (burst × refill, in nanoseconds) is past a {@code long} keeps its
 * burst, not a negative credit (every create refused) nor a saturated one (a burst of 1,000 with
 * the longest refill held 9 tokens): a test that sets a huge burst or a long refill to keep the
 * bucket out of its way gets its creates through (every accepted setting works).
 */
class DockCreateBucketCapacityTest {

    @Test
    void aBurstOfABillionLetsCreatesThrough() {
        try (MockServer server = MockServer.start(MockSettings.builder()
                .dock(DockSettings.builder().createBurst(1_000_000_000).build()).build())) {
            Http http = new Http(server);
            for (int i = 0; i < 3; i++) {
                Http.Answer answer = http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":\"burst-" + i + "\"}");
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            }
        }
    }

    @Test
    void aBurstOfAThousandWithAYearlyRefillLetsCreatesThrough() {
        // 1,000 tokens, one more a year (365 d < the 999,999,999-s maximum of a duration setting)
        try (MockServer server = MockServer.start(MockSettings.builder()
                .dock(DockSettings.builder().createBurst(1_000).createRefill(Duration.ofDays(365)).build()).build())) {
            Http.Answer answer = new Http(server).create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":\"yearly\"}");
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        }
    }

    @Test
    void aBurstWithTheLongestRefillHoldsExactlyItsBurst() {
        try (MockServer server = MockServer.start(MockSettings.builder()
                .dock(DockSettings.builder().createBurst(12).createRefill(Duration.ofSeconds(999_999_999)).build()).build())) {
            Http http = new Http(server);
            for (int i = 0; i < 12; i++) {
                Http.Answer answer = http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":\"long-" + i + "\"}");
                assertThat(answer.status()).as("create %d: %s", i + 1, answer.body()).isEqualTo(200);
            }
            assertThat(http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":\"long-12\"}").status())
                    .as("past the burst").isEqualTo(429);
        }
    }
}
