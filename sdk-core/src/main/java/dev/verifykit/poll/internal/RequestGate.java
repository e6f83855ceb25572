package dev.verifykit.poll.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.concurrent.Executor;

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
 * interval apart whatever the network or scheduling delays, with no margin. That decision is the
 * {@link ReadState}'s: in this process, or in a store several processes share.
 *
 * <p>This process's requests that had to wait take their turns in the order they first asked: a
 * long-poll that asks again the moment its answer came does not starve a read that was waiting for
 * it. A waiter that stops asking (its wait ended) leaves its place ({@link #leave}), or loses it
 * after a while.
 */
public final class RequestGate {
    private static final long LEAST_RECHECK_NANOS = 10_000_000L;
    /** What a request leaving at its {@link Permit#sendBy()} has left of its lease to reach the service: a minute (at most half the lease). */
    private static final long LAST_TRIP_NANOS = 60_000_000_000L;

    private final ReadState state;
    private final Executor askFrom;
    private final LinkedHashMap<Object, Long> waiting = new LinkedHashMap<>();
    private Object current;
    private boolean exhausted;
    private int used;

    /** A gate asking {@code state}, which answers at once (from memory). */
    public RequestGate(ReadState state) {
        this(state, null);
    }

    /**
     * @param askFrom where an asynchronous wait asks this gate, and handles the answers of the
     *     requests it admits, when asking may block (a store across the network): so that neither
     *     the caller's thread nor the timer's, which times every call and wait of the client, waits
     *     for the store; {@code null} when {@code state} answers at once
     */
    public RequestGate(ReadState state, Executor askFrom) {
        this.state = state;
        this.askFrom = askFrom;
    }

    /** A gate deciding in this process, with no lease on a request in flight. */
    public RequestGate(Duration minInterval, int cap) {
        this(new LocalReadState(minInterval, cap, null));
    }

    /** A gate with no interval and no cap. */
    public static RequestGate open() {
        return new RequestGate(Duration.ZERO, Integer.MAX_VALUE);
    }

    /** What asking to start a request at some instant gave. */
    public sealed interface Admission {}

    /** Start now; tell the permit when the answer's head arrives (or the request fails or is abandoned). */
    public record Admitted(Permit permit) implements Admission {}

    /**
     * Ask again after this many nanoseconds: another request is in flight
     * ({@code behindRequestInFlight}: in this process or, as a shared store says, in another; then
     * {@code nanos} is only a re-check time, as the turn may come the moment that request arrives;
     * also set while another asker of this process is asking a shared store, which may start one),
     * or the interval has not passed, or others wait before the asker.
     */
    public record Wait(long nanos, boolean behindRequestInFlight) implements Admission {
        /** A wait that is not behind a request in flight. */
        public Wait(long nanos) {
            this(nanos, false);
        }
    }

    /** The cap is used up. */
    public record Exhausted() implements Admission {}

    /** One admitted request; its first {@link #arrived} ends it. */
    public final class Permit {
        private final String token;
        private final long admittedNanos;
        private final long deadlineNanos;
        private boolean ended;

        private Permit(String token, long admittedNanos, long deadlineNanos) {
            this.token = token;
            this.admittedNanos = admittedNanos;
            this.deadlineNanos = deadlineNanos;
        }

        /**
         * The latest its request may leave (scheduler nanoseconds; {@link Long#MAX_VALUE} for any
         * time): a minute (at most half the lease) before the state's lease on it ends, counted from
         * before the state admitted it. After its lease the state counts it as arrived and may admit
         * another request (of another process sharing the store), so a request still waiting to leave
         * then (queued behind other waits, or in a slow lookup or connect) must not be sent.
         */
        public long sendBy() {
            return RequestGate.sendBy(admittedNanos, state.lease());
        }

        /**
         * The request reached the service at {@code latestNanos} at the latest: when its answer's head
         * came (or it failed, or was abandoned), less any time the service is known to have held it;
         * never before it was sent.
         */
        public void arrived(long latestNanos) {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
            }
            try {
                state.arrived(token, admittedNanos, latestNanos, deadlineNanos);
            } finally { // a store's Error too: the gate stayed held for good
                synchronized (RequestGate.this) {
                    if (current == this) {
                        current = null;
                    }
                }
            }
        }
    }

    /**
     * The latest a request that a store let start at {@code askedNanos} (scheduler nanoseconds, read
     * before the store was asked) under {@code lease} may leave: a minute (at most half the lease)
     * before the lease ends; {@link Long#MAX_VALUE} (any time) when {@code lease} is {@code null}
     * (none). After its lease the store counts the request as arrived and may let another start (of
     * another process sharing the store), so a request still waiting to leave then must not be
     * sent. The rule of a read's {@link Permit#sendBy()} and of a Dock create's attempt alike.
     */
    public static long sendBy(long askedNanos, Duration lease) {
        if (lease == null) {
            return Long.MAX_VALUE;
        }
        long leaseNanos = lease.toNanos();
        long by = askedNanos + leaseNanos - Math.min(LAST_TRIP_NANOS, leaseNanos / 2); // may wrap: compared by difference
        return by == Long.MAX_VALUE ? by - 1 : by;
    }

    /**
     * Asks to start a request at {@code nowNanos} for {@code asker} (the same object each time it
     * asks again); an admission counts against the cap.
     *
     * @param deadlineNanos the asker's deadline ({@link Long#MAX_VALUE} for none): a shared store is
     *     not waited for past it
     * @throws dev.verifykit.error.StoreUnavailableException when a shared store cannot be reached
     *     (the asker keeps its place)
     */
    public Admission tryAcquire(long nowNanos, long deadlineNanos, Object asker) {
        Object asking = new Object();
        synchronized (this) {
            if (exhausted || used >= state.cap()) {
                waiting.remove(asker);
                return new Exhausted();
            }
            forgetStale(nowNanos);
            boolean next = waiting.isEmpty() || waiting.keySet().iterator().next() == asker;
            if (current != null || !next) {
                queue(asker, nowNanos);
                return new Wait(recheckNanos(), current != null);
            }
            current = asking; // held while the state decides, so that no one else asks meanwhile
        }
        ReadState.Start start;
        try {
            start = state.tryStart(nowNanos, deadlineNanos);
        } catch (RuntimeException | Error e) { // an Error of a store of the caller's too: the gate stayed held for good
            synchronized (this) {
                current = null;
                queue(asker, nowNanos);
            }
            throw e;
        }
        synchronized (this) {
            if (start instanceof ReadState.Started started) {
                waiting.remove(asker);
                used = Math.max(used, started.used());
                Permit permit = new Permit(started.token(), nowNanos, deadlineNanos);
                current = permit;
                return new Admitted(permit);
            }
            current = null;
            if (start instanceof ReadState.Later later) {
                queue(asker, nowNanos);
                // a store's "wait 0" (its time in whole milliseconds, less than one left) is a re-check
                // later, never at once: asked again on the same stack, a wait recursed until its stack
                // overflowed, and a blocking one spun on the store
                return new Wait(later.nanos() > 0 ? later.nanos() : LEAST_RECHECK_NANOS, later.behindRequestInFlight());
            }
            exhausted = true;
            waiting.remove(asker);
            return new Exhausted();
        }
    }

    private void queue(Object asker, long nowNanos) {
        waiting.put(asker, nowNanos); // keeps its place when already waiting
    }

    /** {@code asker} will not ask again (its wait ended): it gives up its place. */
    public synchronized void leave(Object asker) {
        waiting.remove(asker);
    }

    /** How soon one waiting behind a request in flight asks again: a minimum interval (at least 10 ms). */
    private long recheckNanos() {
        return Math.max(state.minInterval().toNanos(), LEAST_RECHECK_NANOS);
    }

    /** A waiter that has not asked again for much longer than its re-check time has gone. */
    private void forgetStale(long nowNanos) {
        long stale = 4 * recheckNanos() + 1_000_000_000L;
        waiting.values().removeIf(asked -> nowNanos - asked > stale);
    }

    /** The requests started so far, as far as this process knows. */
    public synchronized int used() {
        return used;
    }

    public int cap() {
        return state.cap();
    }

    public boolean capped() {
        return state.cap() != Integer.MAX_VALUE;
    }

    public Duration minInterval() {
        return state.minInterval();
    }

    /** Where an asynchronous wait asks this gate, or {@code null}: anywhere (see {@link #RequestGate(ReadState, Executor)}). */
    public Executor askFrom() {
        return askFrom;
    }
}
