package dev.verifykit.poll.internal;

import java.time.Duration;

/**
 * A {@link ReadState} in this process's memory: one request in flight at a time (until it arrives,
 * or its lease runs out), each admitted at least the minimum interval after the previous one's
 * latest possible arrival, at most {@code cap} of them. Thread-safe.
 */
public final class LocalReadState implements ReadState {
    private static final long LEAST_RECHECK_NANOS = 10_000_000L;

    private final long minIntervalNanos;
    private final int cap;
    private final long leaseNanos;
    private String inFlight;
    private long inFlightSince;
    /** The lease of the request in flight: its own, which may differ from this state's (see {@link #tryStart(long, long, Duration)}). */
    private long inFlightLease;
    private boolean started;
    private long lastArrivalNanos;
    private int used;

    /**
     * @param lease the longest a request stays in flight before it counts as arrived; {@code null}
     *     for as long as it takes (when this process ends every request itself)
     */
    public LocalReadState(Duration minInterval, int cap, Duration lease) {
        this.minIntervalNanos = minInterval.toNanos();
        this.cap = cap;
        this.leaseNanos = lease == null ? Long.MAX_VALUE : lease.toNanos();
    }

    @Override
    public Start tryStart(long nowNanos, long deadlineNanos) {
        return start(nowNanos, leaseNanos);
    }

    /**
     * {@link #tryStart(long, long)} for a request leased for {@code lease} (its client's, when
     * clients with different leases share this state, as they share a store): a request in flight
     * counts as arrived when its own lease ends, never when another's shorter one would.
     */
    public Start tryStart(long nowNanos, long deadlineNanos, Duration lease) {
        return start(nowNanos, lease.toNanos());
    }

    private synchronized Start start(long nowNanos, long requestLeaseNanos) {
        if (used >= cap) {
            return new Exhausted();
        }
        if (inFlight != null) {
            if (nowNanos - inFlightSince < inFlightLease) {
                return new Later(Math.max(minIntervalNanos, LEAST_RECHECK_NANOS), true);
            }
            end(inFlightSince + inFlightLease);
        }
        if (started) {
            long wait = lastArrivalNanos + minIntervalNanos - nowNanos;
            if (wait > 0) {
                return new Later(wait);
            }
        }
        used++;
        inFlight = Integer.toString(used);
        inFlightSince = nowNanos;
        inFlightLease = requestLeaseNanos;
        return new Started(inFlight, used);
    }

    /**
     * Readings of nanoseconds are compared by their difference (their origin is arbitrary): the start
     * this state noted stands for {@code startedNanos}, which is never sooner.
     */
    @Override
    public synchronized void arrived(String token, long startedNanos, long latestNanos, long deadlineNanos) {
        if (token.equals(inFlight)) {
            end(later(inFlightSince, latestNanos));
        }
    }

    private void end(long arrivalNanos) {
        inFlight = null;
        lastArrivalNanos = started ? later(lastArrivalNanos, arrivalNanos) : arrivalNanos;
        started = true;
    }

    /** The later of two readings of nanoseconds (of one clock, less than 292 years apart). */
    static long later(long a, long b) {
        return a - b >= 0 ? a : b;
    }

    /** The requests started so far. */
    public synchronized int used() {
        return used;
    }

    @Override
    public int cap() {
        return cap;
    }

    @Override
    public Duration minInterval() {
        return Duration.ofNanos(minIntervalNanos);
    }

    @Override
    public Duration lease() {
        return leaseNanos == Long.MAX_VALUE ? null : Duration.ofNanos(leaseNanos);
    }
}
