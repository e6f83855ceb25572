package dev.verifykit.dock.internal;

import dev.verifykit.time.Scheduler;
import java.time.Duration;

/**
 * The client's mirror of Dock's create bucket (burst 6, one token back every 10 s), so that
 * creates wait for a token instead of being refused. Thread-safe.
 */
final class CreateBucket {
    private final Scheduler scheduler;
    private final int burst;
    private final long refillNanos;
    private double tokens;
    private long updatedNanos;

    CreateBucket(Scheduler scheduler, int burst, Duration refill) {
        this.scheduler = scheduler;
        this.burst = burst;
        this.refillNanos = refill.toNanos();
        this.tokens = burst;
        this.updatedNanos = scheduler.nanoTime();
    }

    /** Takes a token now and returns zero, or returns how long until one is free (taking nothing). */
    synchronized Duration tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((1 - tokens) * refillNanos));
    }

    /** Gives a token back: the create did not use one (a reused or replayed session). */
    synchronized void giveBack() {
        refill();
        tokens = Math.min(burst, tokens + 1);
    }

    private void refill() {
        long now = scheduler.nanoTime();
        tokens = Math.min(burst, tokens + (double) (now - updatedNanos) / refillNanos);
        updatedNanos = now;
    }
}
