package dev.verifykit.webhook;

import dev.verifykit.internal.Require;
import dev.verifykit.webhook.internal.InMemoryReplayGuard;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers the webhook deliveries a {@link WebhookVerifier} handled, in two phases, so that a
 * delivery is handled once even when the service sends it again, several instances receive copies
 * of it, or the handler fails:
 * <ol>
 *   <li>{@link #claim} when a delivery verified: the first copy gets {@link Claim.Kind#CLAIMED};
 *       a copy arriving while the claim is held gets {@link Claim.Kind#IN_PROGRESS}, and one
 *       arriving after the delivery was handled gets {@link Claim.Kind#DONE};</li>
 *   <li>{@link #commit} once the handler succeeded: the delivery is done, for the guard's time to
 *       live;</li>
 *   <li>{@link #release} when the handler failed: the claim is dropped, so the service's retry is
 *       handled instead of being refused as a replay.</li>
 * </ol>
 * While the handler runs, the verifier {@linkplain #extend extends} the claim every third of the
 * {@linkplain #claimTimeout claim timeout}, so a handler that takes longer keeps it; a claim that
 * is neither committed nor released (the instance holding it died) expires a claim timeout after
 * its last extension, and the next copy claims it afresh. The verifier asks only after a
 * delivery's signature and timestamp were verified, so forged requests never fill the store.
 * {@link WebhookVerifier#handle} does all of this in the right order.
 *
 * <p>{@link #inMemory()} suits a single process; several instances behind a load balancer share a
 * store (the {@code verifykit-redis} module has one). Implementations must be thread-safe, each
 * method one atomic step; keys are opaque strings holding no secret.
 */
public interface ReplayGuard {
    /** How many keys {@link #inMemory()} keeps. */
    int DEFAULT_MAX_ENTRIES = 10_000;
    /** How long {@link #inMemory()} keeps a handled delivery: 24 hours, the lifetime of a Dokai session. */
    Duration DEFAULT_TTL = Duration.ofHours(24);
    /** How long {@link #inMemory()} lets a claim stand before it expires: 60 seconds. */
    Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Claims a delivery for handling, in one atomic step: when the key is neither done nor claimed
     * (or its claim expired), it is claimed until {@code now} plus the claim timeout.
     *
     * @param deliveryKey identifies the delivery; opaque
     * @param now the verifier's wall clock (a guard may keep time its own way instead: a shared
     *     store by its own clock, the {@linkplain #inMemory(int, Duration) in-memory guard} on the
     *     monotonic clock)
     * @return {@link Claim.Kind#CLAIMED} with a token, {@link Claim.Kind#IN_PROGRESS} with the time
     *     left on the other claim, or {@link Claim.Kind#DONE}
     */
    Claim claim(String deliveryKey, Instant now);

    /**
     * Records a claimed delivery as done, for the guard's time to live, even when its claim
     * expired meanwhile (the handler did succeed). When it throws (an {@link Error} too), the
     * verifier logs it and still answers the delivery as handled; the claim then expires.
     *
     * @param claim what {@link #claim} returned, of kind {@link Claim.Kind#CLAIMED}
     */
    void commit(Claim claim, Instant now);

    /**
     * How long a claim of this guard stands unless extended. While a handler runs,
     * {@link WebhookVerifier#handle} calls {@link #extend} every third of it, but at most once a
     * millisecond (for 24 hours at the most, a Dokai session's lifetime). Zero (the default)
     * for a guard that does not extend claims: its claims then stand for their timeout only, and a
     * handler running longer may see a copy of its delivery handled beside it.
     */
    default Duration claimTimeout() {
        return Duration.ZERO;
    }

    /**
     * Extends a claim that is still the one held to the claim timeout from now, so that a handler
     * running longer than the timeout keeps its claim. Does nothing when the claim is no longer
     * held (released, committed, or expired, perhaps claimed by another copy). Called from the
     * verifier's timer, so it must not wait: a shared store may send the command and return. When
     * it throws (an {@link Error} too), the verifier logs it and extends again a third of the claim
     * timeout later. The default does nothing.
     *
     * @param claim what {@link #claim} returned, of kind {@link Claim.Kind#CLAIMED}
     * @param now the verifier's wall clock (a guard may keep time its own way instead, as for
     *     {@link #claim})
     */
    default void extend(Claim claim, Instant now) {
    }

    /**
     * Drops a claim, so the next copy of the delivery is claimed and handled. Does nothing when
     * the claim is no longer the one held (it expired and another copy claimed the delivery).
     *
     * @param claim what {@link #claim} returned, of kind {@link Claim.Kind#CLAIMED}
     */
    void release(Claim claim);

    /**
     * An in-memory guard keeping up to {@value #DEFAULT_MAX_ENTRIES} keys for 24 hours, claims for
     * 60 seconds; see {@link #inMemory(int, Duration)} for what it does when full.
     */
    static ReplayGuard inMemory() {
        return inMemory(DEFAULT_MAX_ENTRIES, DEFAULT_TTL);
    }

    /**
     * An in-memory guard with claims of {@link #DEFAULT_CLAIM_TIMEOUT}. It keeps time on the
     * monotonic clock ({@link dev.verifykit.time.Scheduler#nanoTime()}) of the verifier it is given
     * to (the first one, when several share it), or {@link System#nanoTime()} when it is used before
     * any verifier is built with it; it does not read the wall-clock {@code now} it is passed, so a
     * step of the wall clock (an NTP correction) is no time that passed: it neither expires the claim
     * of a handler still running nor moves when a handled delivery is forgotten. Expired keys (a
     * handled delivery after {@code ttl}, an abandoned claim after the claim timeout) make room first.
     * When all {@code maxEntries} keys still stand, the oldest handled delivery is forgotten before its
     * time (a WARNING is logged the first time), so a copy of it would be handled again; a claim in
     * progress is never forgotten, and when every key is one, {@link #claim} refuses a new key with a
     * {@link dev.verifykit.error.StoreUnavailableException} ({@link WebhookVerifier#handle} answers
     * 503 with {@code Retry-After}). Refusing new deliveries until a day-old key expires would lose
     * them instead. Keep {@code maxEntries} above the deliveries expected within {@code ttl}; each key
     * takes about 200 bytes.
     *
     * @param maxEntries the most keys kept, at least 1
     * @param ttl how long a handled delivery is remembered
     */
    static ReplayGuard inMemory(int maxEntries, Duration ttl) {
        return inMemory(maxEntries, ttl, DEFAULT_CLAIM_TIMEOUT);
    }

    /**
     * An in-memory guard.
     *
     * @param maxEntries the most keys kept, at least 1
     * @param ttl how long a handled delivery is remembered
     * @param claimTimeout how long a claim stands when it is neither committed nor released,
     *     counted from its last {@linkplain #extend extension}; at least 3 ms (a claim is extended every
     *     third of it, at most once a millisecond: a shorter one would be extended as it lapses, or after)
     */
    static ReplayGuard inMemory(int maxEntries, Duration ttl, Duration claimTimeout) {
        Require.between("maxEntries", maxEntries, 1, Integer.MAX_VALUE);
        return new InMemoryReplayGuard(maxEntries, Require.positive("ttl", ttl), Require.claimTimeout("claimTimeout", claimTimeout));
    }

    /**
     * What claiming a delivery gave. Guards create them with {@link #claimed}, {@link #inProgress}
     * and {@link #done}.
     */
    final class Claim {
        /** The kinds of claim. */
        public enum Kind {
            /** The delivery is this copy's to handle; commit or release it. */
            CLAIMED,
            /** Another copy holds the claim now; try again after {@link Claim#retryAfter()}. */
            IN_PROGRESS,
            /** The delivery was handled before. */
            DONE
        }

        private final Kind kind;
        private final String key;
        private final String token;
        private final Duration retryAfter;

        private Claim(Kind kind, String key, String token, Duration retryAfter) {
            this.kind = kind;
            this.key = Require.present("deliveryKey", key);
            this.token = token;
            this.retryAfter = retryAfter;
        }

        /**
         * The delivery is claimed.
         *
         * @param token tells this claim from a later one of the same key (after it expired)
         */
        public static Claim claimed(String deliveryKey, String token) {
            return new Claim(Kind.CLAIMED, deliveryKey, Require.present("token", token), Duration.ZERO);
        }

        /**
         * Another copy holds the claim.
         *
         * @param retryAfter how long until that claim expires at the latest; not negative (a negative
         *     one is taken as zero), and a longer one than 999,999,999 s as that, as a store's hint is
         */
        public static Claim inProgress(String deliveryKey, Duration retryAfter) {
            Require.present("retryAfter", retryAfter);
            // capped: the longest Duration's seconds, rounded up for Retry-After, overflowed to "1"
            return new Claim(Kind.IN_PROGRESS, deliveryKey, null,
                    retryAfter.isNegative() ? Duration.ZERO : Require.capped(retryAfter));
        }

        /** The delivery was handled before. */
        public static Claim done(String deliveryKey) {
            return new Claim(Kind.DONE, deliveryKey, null, Duration.ZERO);
        }

        public Kind kind() {
            return kind;
        }

        /** The delivery's key. */
        public String deliveryKey() {
            return key;
        }

        /** The claim's token; empty unless {@link Kind#CLAIMED}. */
        public String token() {
            return token == null ? "" : token;
        }

        /** For {@link Kind#IN_PROGRESS}, how long until the other claim expires at the latest; zero otherwise. */
        public Duration retryAfter() {
            return retryAfter;
        }

        @Override
        public String toString() {
            return "Claim[" + kind + " " + key + (kind == Kind.IN_PROGRESS ? ", retry after " + retryAfter : "") + "]";
        }
    }
}
