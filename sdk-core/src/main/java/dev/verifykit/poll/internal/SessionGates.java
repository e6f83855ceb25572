package dev.verifykit.poll.internal;

import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One {@link RequestGate} per session: every read of a session through one client (a retrieve,
 * each long-poll or status check, each stream open) shares its minimum interval and its cap. A gate
 * is forgotten once the service itself would have forgotten the session.
 */
public final class SessionGates {
    private static final int SWEEP_EVERY = 256;

    private final Scheduler scheduler;
    private final Function<String, RequestGate> factory;
    private final long keepNanos;
    private final Map<String, Entry> gates = new ConcurrentHashMap<>();
    private int lookups;

    /**
     * @param minInterval the least time between the arrivals of two reads of a session
     * @param cap the most reads of a session
     * @param keep how long after its last use a session's gate is kept
     */
    public SessionGates(Scheduler scheduler, Duration minInterval, int cap, Duration keep) {
        this(scheduler, id -> new RequestGate(minInterval, cap), keep);
    }

    /**
     * @param factory makes a session's gate, given its id
     * @param keep how long after its last use a session's gate is kept
     */
    public SessionGates(Scheduler scheduler, Function<String, RequestGate> factory, Duration keep) {
        this.scheduler = scheduler;
        this.factory = factory;
        this.keepNanos = keep.toNanos();
    }

    /** The gate of a session, created on first use. */
    public RequestGate of(String sessionId) {
        long now = scheduler.nanoTime();
        Entry entry = gates.compute(sessionId, (id, existing) -> existing != null
                ? existing.touched(now) : new Entry(factory.apply(id), now));
        maybeSweep(now);
        return entry.gate;
    }

    int size() {
        return gates.size();
    }

    private void maybeSweep(long now) {
        boolean sweep;
        synchronized (this) {
            sweep = ++lookups % SWEEP_EVERY == 0;
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
