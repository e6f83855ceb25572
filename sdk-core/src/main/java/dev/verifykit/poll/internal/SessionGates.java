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
 * <p>The gates keep the service's minimum interval plus a margin (5 %, at least 50 ms, at most the
 * interval itself), because a service measures arrivals: a request that must open a connection, or
 * that waits for a busy thread, arrives later after its start than one that does not.
 */
public final class SessionGates {
    private static final int SWEEP_EVERY = 256;
    private static final Duration MIN_MARGIN = Duration.ofMillis(50);

    private final Scheduler scheduler;
    private final Duration spacing;
    private final int cap;
    private final long keepNanos;
    private final Map<String, Entry> gates = new ConcurrentHashMap<>();
    private int created;

    public SessionGates(Scheduler scheduler, Duration minInterval, int cap, Duration keep) {
        this.scheduler = scheduler;
        this.spacing = minInterval.plus(margin(minInterval));
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

    /** The margin kept above a minimum interval: 5 %, at least 50 ms, at most the interval. */
    public static Duration margin(Duration minInterval) {
        Duration margin = minInterval.dividedBy(20);
        if (margin.compareTo(MIN_MARGIN) < 0) {
            margin = MIN_MARGIN;
        }
        return margin.compareTo(minInterval) > 0 ? minInterval : margin;
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
