package dev.verifykit.mock.internal.dock;

import java.time.Duration;
import java.time.Instant;

/** A token bucket kept in nanoseconds of credit, so refills by a moved clock are exact. */
final class TokenBucket {

    private final int capacity;
    private final long refillNanos;
    private long credit;
    private Instant updated;

    TokenBucket(int capacity, Duration refill, Instant now) {
        this.capacity = capacity;
        this.refillNanos = refill.toNanos();
        this.credit = capacity * refillNanos;
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
        Instant full = now.plusNanos(capacity * refillNanos - credit);
        return full.getEpochSecond() + (full.getNano() > 0 ? 1 : 0);
    }

    private void refill(Instant now) {
        if (now.isAfter(updated)) {
            long elapsed = saturatedNanos(Duration.between(updated, now));
            long full = capacity * refillNanos;
            credit = elapsed >= full - credit ? full : credit + elapsed;
            updated = now;
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
