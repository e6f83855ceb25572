package dev.verifykit.dock.internal;

import dev.verifykit.dock.GuardrailStore.CreateStart;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A mirror of Dock's create bucket (burst 6, one token back every 10 s, starting full), counting
 * creates as Dock can have counted them, in nanoseconds of refill so that refills are exact.
 * Thread-safe.
 *
 * <p>Dock takes a token when a create arrives, some time between its send and its answer, so a
 * create sent early can arrive late, next to one sent a refill later, and Dock sees two arrivals
 * closer than their sends. So a create holds a token from its send ({@link #tryStart}), and its
 * token is taken when its answer came ({@link #arrived}, the latest it can have arrived) or freed
 * when Dock did not count it ({@link #uncounted}). A create is sent only when the tokens, less those
 * held in flight, make one: for every span of time ending now, the creates that can have arrived in
 * it, plus the new one, then fit in Dock's bucket, whatever the delays. A create still in flight
 * when its lease ends (its sender went away) counts as arrived then. The same arithmetic is kept in
 * Redis by {@code verifykit-redis}.
 */
final class CreateBucket {
    private final Scheduler scheduler;
    private final int burst;
    private final long refillNanos;
    /** The tokens at {@link #updatedNanos}, in nanoseconds of refill; below zero in debt. */
    private long credit;
    private long updatedNanos;
    /** The creates in flight, each with the end of its lease. */
    private final Map<String, Long> inFlight = new HashMap<>();
    /** Whether Dock refused a create ({@link #refused}) until {@link #refusedUntil}, which then holds. */
    private boolean refusing;
    private long refusedUntil;

    CreateBucket(Scheduler scheduler, int burst, Duration refill) {
        this.scheduler = scheduler;
        this.burst = burst;
        this.refillNanos = refill.toNanos();
        this.credit = burst * refillNanos;
        this.updatedNanos = scheduler.nanoTime();
    }

    /**
     * Marks create {@code id} sent now, holding a token until it ends or {@code lease} passes, and
     * returns zero; or returns how long until one may be sent (marking nothing). With every token
     * held by creates in flight, only their ends free one: the wait is then one refill, after which
     * the caller asks again.
     */
    synchronized Duration tryStart(String id, Duration lease) {
        long now = update();
        long free = credit - inFlight.size() * refillNanos;
        if (free >= refillNanos) {
            inFlight.put(id, now + lease.toNanos());
            return Duration.ZERO;
        }
        return Duration.ofNanos(inFlight.size() >= burst ? refillNanos : refillNanos - free);
    }

    /**
     * {@link #tryStart}, unless Dock refused a create and takes none yet ({@link #refused}): then
     * nothing is marked, and the answer says so, with the time left of the refusal.
     */
    synchronized CreateStart start(String id, Duration lease) {
        long left = refusing ? refusedUntil - scheduler.nanoTime() : 0;
        if (left > 0) {
            return CreateStart.refusedFor(Duration.ofNanos(left));
        }
        refusing = false;
        Duration wait = tryStart(id, lease);
        return wait.isZero() ? CreateStart.started() : CreateStart.waitFor(wait);
    }

    /** Dock refused a create (429) and takes none for {@code hold}: until then no create is started. */
    synchronized void refused(Duration hold) {
        long until = scheduler.nanoTime() + hold.toNanos();
        if (!refusing || until - refusedUntil > 0) {
            refusedUntil = until;
            refusing = true;
        }
    }

    /** Create {@code id} was answered, or failed without an answer: it reached Dock by now at the latest. */
    synchronized void arrived(String id) {
        update();
        if (inFlight.remove(id) != null) {
            credit -= refillNanos;
        }
    }

    /** Create {@code id} did not count at Dock (refused before the bucket, a session reused or replayed). */
    synchronized void uncounted(String id) {
        update();
        inFlight.remove(id);
    }

    /**
     * Counts the creates whose lease ended as arrived at its end, refills up to now, and returns now.
     * Readings of nanoseconds are compared by their differences (their origin is arbitrary).
     */
    private long update() {
        long now = scheduler.nanoTime();
        long[] endedAgo = new long[inFlight.size()];
        int count = 0;
        for (Iterator<Long> leases = inFlight.values().iterator(); leases.hasNext(); ) {
            long end = leases.next();
            if (end - now <= 0) {
                endedAgo[count++] = end - now;
                leases.remove();
            }
        }
        Arrays.sort(endedAgo, 0, count); // the earliest end first
        for (int i = 0; i < count; i++) {
            refill(now + endedAgo[i]);
            credit -= refillNanos;
        }
        refill(now);
        return now;
    }

    private void refill(long to) {
        long since = to - updatedNanos;
        if (since > 0) {
            credit = Math.min(burst * refillNanos, credit + since);
            updatedNanos = to;
        }
    }

    @Override
    public synchronized String toString() {
        return "CreateBucket[credit=" + credit + ", inFlight=" + inFlight.size() + "]";
    }
}
