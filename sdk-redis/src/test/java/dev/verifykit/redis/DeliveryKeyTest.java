package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.webhook.ReplayGuard;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Two different delivery keys are two deliveries. The guard names a key by the SHA-256 of its
 * bytes; String.getBytes replaced each unpaired surrogate (which a JSON escape in a session id or an
 * event type can carry) with '?', so distinct keys shared one claim: the second delivery was
 * answered "in progress" (409) or "already handled" (200) without its handler running. The
 * in-memory guard tells them apart.
 */
class DeliveryKeyTest {
    @Test
    void deliveryKeysDifferingOnlyInUnpairedSurrogatesAreDistinct() {
        try (RedisReplayGuard guard = RedisReplayGuard.builder(SharedRedis.client()).namespace(SharedRedis.namespace())
                .commandTimeout(SharedRedis.PATIENT).build()) {
            assertThat(guard.claim("event/ver_\uD800/verification.completed", Instant.EPOCH).kind())
                    .isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
            assertThat(guard.claim("event/ver_\uDC00/verification.completed", Instant.EPOCH).kind())
                    .as("another delivery's claim").isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
        }
    }
}
