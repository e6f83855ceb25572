package dev.verifykit.mock.internal.dock;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket kept in nanoseconds of credit, so refills by a moved clock are exact. A full bucket
 * past a {@code long} of nanoseconds (about 292 years: a huge burst or a long refill) is held at
 * {@link Long#MAX_VALUE}, effectively infinite.
 */
final class TokenBucket {

    private final int capacity;
    private final long refillNanos;
    /** The credit of a full bucket, {@code capacity × refillNanos}, saturated. */
    private final long full;
    private long credit;
    private Instant updated;

    TokenBucket(int capacity, Duration refill, Instant now) {
        this.capacity = capacity;
        this.refillNanos = saturatedNanos(refill);
        this.full = saturatedProduct(capacity, refillNanos);
        this.credit = full;
        this.updated = now;
    }

    boolean tryTake(Instant now) {
        refill(now);
        if (credit < refillNanos) {
            return false;
        }
        credit -= refillNanos;
        return true;
    }

    int capacity() {
        return capacity;
    }

    int remaining(Instant now) {
        refill(now);
        return (int) (credit / refillNanos);
    }

    /** Whole seconds, at least 1, until a token is available. */
    long retryAfterSeconds(Instant now) {
        refill(now);
        return Seconds.ceil(Math.max(0, refillNanos - credit));
    }

    /** Unix seconds at which the bucket is full again. */
    long resetEpochSeconds(Instant now) {
        refill(now);
        Instant whenFull = now.plusNanos(full - credit);
        return whenFull.getEpochSecond() + (whenFull.getNano() > 0 ? 1 : 0);
    }

    private void refill(Instant now) {
        if (now.isAfter(updated)) {
            long elapsed = saturatedNanos(Duration.between(updated, now));
            credit = elapsed >= full - credit ? full : credit + elapsed;
            updated = now;
        }
    }

    private static long saturatedProduct(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
