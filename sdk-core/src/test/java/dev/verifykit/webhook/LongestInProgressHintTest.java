package dev.verifykit.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * A replay guard of the application's says another copy holds a delivery "for the longest time"
 * ({@code Claim.inProgress(key, ChronoUnit.FOREVER.getDuration())}): the outcome's
 * {@code Retry-After} must ask the service to wait long, never to come back at once. The header's
 * seconds, rounded up, overflowed to a negative number and were raised to the least, 1 s: the
 * opposite of what the guard said (a read's or a create's hint from a store is capped at
 * 999,999,999 s, {@code ReadStart.waitFor}, {@code CreateStart.waitFor}; a claim's was not).
 */
class LongestInProgressHintTest {
    private static final String SECRET = "whsec_longest_hint";

    /** A guard for which every delivery is another copy's, held for the longest time. */
    private static final class HeldElsewhere implements ReplayGuard {
        @Override
        public Claim claim(String deliveryKey, Instant now) {
            return Claim.inProgress(deliveryKey, ChronoUnit.FOREVER.getDuration());
        }

        @Override
        public void commit(Claim claim, Instant now) {}

        @Override
        public void release(Claim claim) {}
    }

    @Test
    void aClaimHeldForTheLongestTimeIsNoRetryAfterOfOneSecond() {
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).replayGuard(new HeldElsewhere()).build();
        byte[] body = "{\"id\":\"ver_1\",\"status\":\"verified\",\"event\":\"verification.completed\"}"
                .getBytes(StandardCharsets.UTF_8);

        WebhookOutcome outcome = verifier.handle(body, WebhookSigner.of(SECRET).sign(body), event -> { });

        assertThat(outcome.kind()).isEqualTo(WebhookOutcome.Kind.IN_PROGRESS);
        assertThat(outcome.retryAfterHeader()).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).as("Retry-After seconds").isGreaterThanOrEqualTo(Duration.ofDays(1).toSeconds()));
    }
}
