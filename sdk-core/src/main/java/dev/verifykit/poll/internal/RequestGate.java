package dev.verifykit.poll.internal;

import java.time.Duration;

/**
 * The pacing of one stream of requests: a minimum interval between their starts and a cap on
 * their number. Shared by every wait and read of one session, so that a long-poll and a stream
 * open together never break the session's guardrails. Thread-safe.
 */
public final class RequestGate {
    /** Returned by {@link #tryAcquire} when the cap is used up. */
    public static final long EXHAUSTED = -1;

    private final long minIntervalNanos;
    private final int cap;
    private boolean started;
    private long lastStartNanos;
    private int used;

    public RequestGate(Duration minInterval, int cap) {
        this.minIntervalNanos = minInterval.toNanos();
        this.cap = cap;
    }

    /** A gate with no interval and no cap. */
    public static RequestGate open() {
        return new RequestGate(Duration.ZERO, Integer.MAX_VALUE);
    }

    /**
     * Takes a start at {@code nowNanos} if allowed: returns 0 and counts it; or the nanoseconds to
     * wait before asking again; or {@link #EXHAUSTED}.
     */
    public synchronized long tryAcquire(long nowNanos) {
        if (used >= cap) {
            return EXHAUSTED;
        }
        if (started) {
            long wait = lastStartNanos + minIntervalNanos - nowNanos;
            if (wait > 0) {
                return wait;
            }
        }
        started = true;
        lastStartNanos = nowNanos;
        used++;
        return 0;
    }

    public synchronized int used() {
        return used;
    }

    public int cap() {
        return cap;
    }

    public boolean capped() {
        return cap != Integer.MAX_VALUE;
    }

    public Duration minInterval() {
        return Duration.ofNanos(minIntervalNanos);
    }
}
