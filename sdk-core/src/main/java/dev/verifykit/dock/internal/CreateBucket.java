package dev.verifykit.dock.internal;

import dev.verifykit.time.Scheduler;
import java.time.Duration;

/**
 * A mirror of Dock's create bucket (burst 6, one token back every 10 s, starting full), kept in
 * nanoseconds of refill so that refills are exact. Thread-safe. It is kept two ways:
 *
 * <ul>
 *   <li>From send times, by the in-memory {@code GuardrailStore}: {@link #tryTake()} takes a token
 *       when a create is sent, {@link #giveBack()} returns one a create did not use.</li>
 *   <li>As Dock can have counted this client's creates, by the client: Dock takes a token when a
 *       create arrives, some time between its send and its answer, so a create sent early can
 *       arrive late, next to one sent a refill later, and Dock sees two arrivals closer than their
 *       sends. {@link #trySend()} counts a create as holding a token from its send,
 *       {@link #arrived()} takes the token when its answer came (the latest it can have arrived),
 *       {@link #uncounted()} forgets a create Dock did not count. A create is sent only when the
 *       tokens, less those held in flight, make one: for every span of time ending now, the creates
 *       that can have arrived in it, plus the new one, then fit in Dock's bucket, whatever the
 *       delays. A create that failed without an answer counts as arrived when it failed.</li>
 * </ul>
 */
final class CreateBucket {
    private final Scheduler scheduler;
    private final int burst;
    private final long refillNanos;
    /** The tokens at {@link #updatedNanos}, in nanoseconds of refill; below zero in debt (taken at answers). */
    private long credit;
    private long updatedNanos;
    private int inFlight;

    CreateBucket(Scheduler scheduler, int burst, Duration refill) {
        this.scheduler = scheduler;
        this.burst = burst;
        this.refillNanos = refill.toNanos();
        this.credit = burst * refillNanos;
        this.updatedNanos = scheduler.nanoTime();
    }

    /** Takes a token now and returns zero, or returns how long until one is free (taking nothing). */
    synchronized Duration tryTake() {
        refill();
        if (credit >= refillNanos) {
            credit -= refillNanos;
            return Duration.ZERO;
        }
        return Duration.ofNanos(refillNanos - credit);
    }

    /** Gives a token back: the create did not use one (a reused or replayed session). */
    synchronized void giveBack() {
        refill();
        credit = Math.min(burst * refillNanos, credit + refillNanos);
    }

    /**
     * Marks a create sent now, holding a token until its answer, and returns zero; or returns how
     * long until one may be sent (marking nothing). With every token held by creates in flight,
     * only an answer frees one: the wait is then one refill, after which the caller asks again.
     */
    synchronized Duration trySend() {
        refill();
        long free = credit - inFlight * refillNanos;
        if (free >= refillNanos) {
            inFlight++;
            return Duration.ZERO;
        }
        return Duration.ofNanos(inFlight >= burst ? refillNanos : refillNanos - free);
    }

    /** A create's answer came (or it failed without one): it reached Dock by now at the latest. */
    synchronized void arrived() {
        refill();
        credit -= refillNanos;
        inFlight = Math.max(0, inFlight - 1);
    }

    /** A create sent did not count at Dock (refused before the bucket, a session reused or replayed). */
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
        return "CreateBucket[credit=" + credit + ", inFlight=" + inFlight + "]";
    }
}
