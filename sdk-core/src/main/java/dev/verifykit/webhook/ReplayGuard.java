package dev.verifykit.webhook;

import dev.verifykit.internal.Require;
import dev.verifykit.webhook.internal.InMemoryReplayGuard;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers the webhook deliveries a {@link WebhookVerifier} accepted, so that the same delivery
 * sent again is refused with {@code Reason.REPLAYED}. The verifier asks only after a delivery's
 * signature and timestamp were verified, so forged requests never fill the store.
 *
 * <p>A delivery key is made of the session id, the event type and the signature that matched:
 * Dokai retrying with a new timestamped signature is a new delivery, while the same request sent
 * twice is a replay. A replayed delivery was handled once already, so a receiver usually answers
 * it with 2xx and does nothing more.
 *
 * <p>{@link #inMemory()} suits a single process; several instances behind a load balancer plug in
 * a shared store, e.g. Redis {@code SET key 1 NX EX 86400}:
 * <pre>{@code
 * ReplayGuard shared = (key, now) -> "OK".equals(redis.set("dokai:" + key, "1", SetParams.setParams().nx().ex(86_400)));
 * WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).replayGuard(shared).build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe, and checking and recording a key must be one atomic step.
 */
@FunctionalInterface
public interface ReplayGuard {
    /** How many keys {@link #inMemory()} keeps. */
    int DEFAULT_MAX_ENTRIES = 10_000;
    /** How long {@link #inMemory()} keeps a key: 24 hours, the lifetime of a Dokai session. */
    Duration DEFAULT_TTL = Duration.ofHours(24);

    /**
     * Records a delivery.
     *
     * @param deliveryKey identifies the delivery (session id, event type and signature); opaque
     * @param now the verifier's clock, for stores that expire keys themselves
     * @return {@code true} the first time the key is seen, {@code false} when it was recorded before
     */
    boolean firstSeen(String deliveryKey, Instant now);

    /** An in-memory guard keeping {@value #DEFAULT_MAX_ENTRIES} keys for 24 hours. */
    static ReplayGuard inMemory() {
        return inMemory(DEFAULT_MAX_ENTRIES, DEFAULT_TTL);
    }

    /**
     * An in-memory guard. Time comes from the verifier's clock. When full, the oldest key is
     * forgotten first, so keep {@code maxEntries} above the deliveries expected within {@code ttl}.
     *
     * @param maxEntries the most keys kept, at least 1
     * @param ttl how long a key is kept
     */
    static ReplayGuard inMemory(int maxEntries, Duration ttl) {
        Require.between("maxEntries", maxEntries, 1, Integer.MAX_VALUE);
        return new InMemoryReplayGuard(maxEntries, Require.positive("ttl", ttl));
    }
}
