package dev.verifykit.mock.internal.dock;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket: whole tokens, and the nanoseconds gained towards the next one, so that refills
 * by a moved clock are exact and no burst or refill overflows (a burst of 1,000 refilling once a
 * year holds 1,000 tokens; the whole bucket's time, past a {@code long} of nanoseconds, is never
 * computed but to say when it is full, saturated).
 */
final class TokenBucket {

    private final int capacity;
    private final long refillNanos;
    private int tokens;
    /** Nanoseconds towards the next token, less than {@code refillNanos}; 0 when full. */
    private long partial;
    private Instant updated;

    TokenBucket(int capacity, Duration refill, Instant now) {
        this.capacity = capacity;
        this.refillNanos = saturatedNanos(refill);
        this.tokens = capacity;
        this.updated = now;
    }

    boolean tryTake(Instant now) {
        refill(now);
        if (tokens == 0) {
            return false;
        }
        tokens--;
        return true;
    }

    int capacity() {
        return capacity;
    }

    int remaining(Instant now) {
        refill(now);
        return tokens;
    }

    /** Whole seconds, at least 1, until a token is available. */
    long retryAfterSeconds(Instant now) {
        refill(now);
        return Seconds.ceil(tokens > 0 ? 0 : refillNanos - partial);
    }

    /** Unix seconds at which the bucket is full again. */
    long resetEpochSeconds(Instant now) {
        refill(now);
        Instant whenFull = now.plusNanos(untilFull());
        return whenFull.getEpochSecond() + (whenFull.getNano() > 0 ? 1 : 0);
    }

    /** Nanoseconds until the bucket is full, saturated at {@link Long#MAX_VALUE}. */
    private long untilFull() {
        return saturatedProduct(capacity - tokens, refillNanos) - partial;
    }

    private void refill(Instant now) {
        if (!now.isAfter(updated)) {
            return;
        }
        long elapsed = saturatedNanos(Duration.between(updated, now));
        updated = now;
        if (elapsed >= untilFull()) {
            tokens = capacity;
            partial = 0;
            return;
        }
        long gained = partial + elapsed; // less than the time until full: no overflow
        tokens += (int) (gained / refillNanos);
        partial = gained % refillNanos;
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
