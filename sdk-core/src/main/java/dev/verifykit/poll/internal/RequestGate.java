package dev.verifykit.poll.internal;

import java.time.Duration;
import java.util.LinkedHashMap;

/**
 * The pacing of one stream of requests, kept where the service measures it: a minimum interval
 * between the <em>arrivals</em> of requests at the service, and a cap on their number. Shared by
 * every wait and read of one session, so that a long-poll and a stream open together never break
 * the session's guardrails. Thread-safe.
 *
 * <p>The client cannot see when a request arrives, only when its answer's head comes back; the
 * request arrived before that (and, for an answer the service held for a known time, that much
 * before). So a request is admitted only when no other is in flight and the minimum interval has
 * passed since the previous one's latest possible arrival: when its head came, or it failed or was
 * abandoned (it may have arrived until then). Arrivals at the service are then at least the
 * interval apart whatever the network or scheduling delays, with no margin.
 *
 * <p>Requests that had to wait take their turns in the order they first asked: a long-poll that
 * asks again the moment its answer came does not starve a read that was waiting for it. A waiter
 * that stops asking (its wait ended) leaves its place ({@link #leave}), or loses it after a while.
 */
public final class RequestGate {
    private static final long LEAST_RECHECK_NANOS = 10_000_000L;

    private final long minIntervalNanos;
    private final int cap;
    private final LinkedHashMap<Object, Long> waiting = new LinkedHashMap<>();
    private Permit current;
    private boolean started;
    private long lastArrivalNanos;
    private int used;

    public RequestGate(Duration minInterval, int cap) {
        this.minIntervalNanos = minInterval.toNanos();
        this.cap = cap;
    }

    /** A gate with no interval and no cap. */
    public static RequestGate open() {
        return new RequestGate(Duration.ZERO, Integer.MAX_VALUE);
    }

    /** What asking to start a request at some instant gave. */
    public sealed interface Admission {}

    /** Start now; tell the permit when the answer's head arrives (or the request fails or is abandoned). */
    public record Admitted(Permit permit) implements Admission {}

    /** Ask again after this many nanoseconds (another request is in flight, or the interval has not passed). */
    public record Wait(long nanos) implements Admission {}

    /** The cap is used up. */
    public record Exhausted() implements Admission {}

    /** One admitted request; its first {@link #arrived} ends it. */
    public final class Permit {
        private final long admittedNanos;

        private Permit(long admittedNanos) {
            this.admittedNanos = admittedNanos;
        }

        /**
         * The request reached the service at {@code latestNanos} at the latest: when its answer's head
         * came (or it failed, or was abandoned), less any time the service is known to have held it;
         * never before it was sent.
         */
        public void arrived(long latestNanos) {
            synchronized (RequestGate.this) {
                if (current == this) {
                    current = null;
                    long arrival = Math.max(admittedNanos, latestNanos);
                    lastArrivalNanos = started ? Math.max(lastArrivalNanos, arrival) : arrival;
                    started = true;
                }
            }
        }
    }

    /**
     * Asks to start a request at {@code nowNanos} for {@code asker} (the same object each time it
     * asks again); an admission counts against the cap.
     */
    public synchronized Admission tryAcquire(long nowNanos, Object asker) {
        if (used >= cap) {
            waiting.remove(asker);
            return new Exhausted();
        }
        forgetStale(nowNanos);
        boolean next = waiting.isEmpty() || waiting.keySet().iterator().next() == asker;
        if (current != null || !next) {
            waiting.putIfAbsent(asker, nowNanos);
            waiting.computeIfPresent(asker, (who, asked) -> nowNanos);
            return new Wait(recheckNanos());
        }
        if (started) {
            long wait = lastArrivalNanos + minIntervalNanos - nowNanos;
            if (wait > 0) {
                waiting.putIfAbsent(asker, nowNanos);
                waiting.computeIfPresent(asker, (who, asked) -> nowNanos);
                return new Wait(wait);
            }
        }
        waiting.remove(asker);
        used++;
        current = new Permit(nowNanos);
        return new Admitted(current);
    }

    /** {@code asker} will not ask again (its wait ended): it gives up its place. */
    public synchronized void leave(Object asker) {
        waiting.remove(asker);
    }

    /** How soon one waiting behind a request in flight asks again: a minimum interval (at least 10 ms). */
    private long recheckNanos() {
        return Math.max(minIntervalNanos, LEAST_RECHECK_NANOS);
    }

    /** A waiter that has not asked again for much longer than its re-check time has gone. */
    private void forgetStale(long nowNanos) {
        long stale = 4 * recheckNanos() + 1_000_000_000L;
        waiting.values().removeIf(asked -> nowNanos - asked > stale);
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
