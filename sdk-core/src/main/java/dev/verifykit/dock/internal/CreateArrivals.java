package dev.verifykit.dock.internal;

import dev.verifykit.time.Scheduler;
import java.time.Duration;

/**
 * This client's creates as Dock's create bucket can have counted them. Dock takes a token when a
 * create arrives, some time between its send and its answer; a bucket kept from send times (the
 * {@code GuardrailStore}'s) is not enough on a jittery network: a create sent early can arrive
 * late, next to one sent a refill later, and Dock sees two arrivals closer than their sends.
 *
 * <p>So this bucket (burst and refill as Dock's, starting full) takes a create's token when its
 * answer came, the latest it can have arrived, and counts the creates still in flight as taken
 * already: a create is sent only when the tokens, less those in flight, make one. Its level is then
 * never above Dock's, whatever the delays: for every span of time ending now, the creates that can
 * have arrived in it, plus the new one, fit in the bucket. A create that failed without an answer
 * counts as arrived when it failed; one Dock did not count (refused before the bucket, a session
 * reused or replayed) is forgotten. Thread-safe.
 */
final class CreateArrivals {
    private final Scheduler scheduler;
    private final int burst;
    private final long refillNanos;
    /** Dock's tokens at {@link #updatedNanos} at the most, in nanoseconds of refill (exact); below zero in debt. */
    private long credit;
    private long updatedNanos;
    private int inFlight;

    CreateArrivals(Scheduler scheduler, int burst, Duration refill) {
        this.scheduler = scheduler;
        this.burst = burst;
        this.refillNanos = refill.toNanos();
        this.credit = burst * refillNanos;
        this.updatedNanos = scheduler.nanoTime();
    }

    /**
     * Marks a create sent now and answers zero, or answers how long until one may be (marking
     * nothing). With every token held by creates in flight, only an answer frees one: the wait is
     * then one refill, after which the caller asks again.
     */
    synchronized Duration trySend() {
        refill();
        long free = credit - inFlight * refillNanos;
        if (free >= refillNanos) {
            inFlight++;
            return Duration.ZERO;
        }
        if (inFlight >= burst) {
            return Duration.ofNanos(refillNanos);
        }
        return Duration.ofNanos(refillNanos - free);
    }

    /** The create's answer came (or it failed without one): it reached Dock by now at the latest. */
    synchronized void arrived() {
        refill();
        credit -= refillNanos;
        inFlight = Math.max(0, inFlight - 1);
    }

    /** The create did not count at Dock (refused before the bucket, a session reused or replayed). */
    synchronized void uncounted() {
        inFlight = Math.max(0, inFlight - 1);
    }

    private void refill() {
        long now = scheduler.nanoTime();
        credit = Math.min(burst * refillNanos, credit + (now - updatedNanos));
        updatedNanos = now;
    }

    @Override
    public synchronized String toString() {
        return "CreateArrivals[credit=" + credit + ", inFlight=" + inFlight + "]";
    }
}
