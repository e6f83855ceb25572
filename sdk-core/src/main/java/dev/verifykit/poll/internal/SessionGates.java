package dev.verifykit.poll.internal;

import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link RequestGate} per session: every read of a session through one client (a retrieve,
 * each long-poll or status check, each stream open) shares its minimum interval and its cap. A gate
 * is forgotten once the service itself would have forgotten the session.
 *
 * <p>The gates keep the service's minimum interval plus 5 %, because a service measures arrivals:
 * a request that must open a connection arrives later after its start than one that reuses it.
 */
public final class SessionGates {
    private static final int SWEEP_EVERY = 256;

    private final Scheduler scheduler;
    private final Duration spacing;
    private final int cap;
    private final long keepNanos;
    private final Map<String, Entry> gates = new ConcurrentHashMap<>();
    private int created;

    public SessionGates(Scheduler scheduler, Duration minInterval, int cap, Duration keep) {
        this.scheduler = scheduler;
        this.spacing = minInterval.plus(minInterval.dividedBy(20));
        this.cap = cap;
        this.keepNanos = keep.toNanos();
    }

    /** The gate of a session, created on first use. */
    public RequestGate of(String sessionId) {
        long now = scheduler.nanoTime();
        Entry entry = gates.compute(sessionId, (id, existing) -> existing != null
                ? existing.touched(now) : new Entry(new RequestGate(spacing, cap), now));
        maybeSweep(now);
        return entry.gate;
    }

    /** The interval the gates keep between request starts: the minimum plus the margin. */
    public Duration spacing() {
        return spacing;
    }

    int size() {
        return gates.size();
    }

    private void maybeSweep(long now) {
        boolean sweep;
        synchronized (this) {
            sweep = ++created % SWEEP_EVERY == 0;
        }
        if (sweep) {
            gates.values().removeIf(e -> now - e.lastUsedNanos > keepNanos);
        }
    }

    private record Entry(RequestGate gate, long lastUsedNanos) {
        Entry touched(long now) {
            return new Entry(gate, now);
        }
    }
}
