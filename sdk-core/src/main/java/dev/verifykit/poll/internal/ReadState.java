package dev.verifykit.poll.internal;

import java.time.Duration;

/**
 * Where a {@link RequestGate}'s admissions are decided: the interval since the previous request's
 * arrival, the request in flight and the cap. In this process ({@link LocalReadState}) or in a store
 * several processes share. The gate in front of it keeps this process's waiters in order.
 */
public interface ReadState {
    /** What asking to start a request gave. */
    sealed interface Start {}

    /**
     * Start the request.
     *
     * @param token tells this request from others, for {@link #arrived}
     * @param used the requests started so far, this one included
     */
    record Started(String token, int used) implements Start {}

    /**
     * Ask again after this many nanoseconds.
     *
     * @param behindRequestInFlight whether another request is in flight (of this process or another
     *     sharing the state): then {@code nanos} is only a re-check time, and the turn may come the
     *     moment that request arrives
     */
    record Later(long nanos, boolean behindRequestInFlight) implements Start {
        /** A wait for the interval from the previous request's arrival. */
        public Later(long nanos) {
            this(nanos, false);
        }
    }

    /** The cap is used up. */
    record Exhausted() implements Start {}

    /**
     * Asks to start a request at {@code nowNanos}; an admission counts against the cap.
     *
     * @param deadlineNanos the deadline of the call or wait asking ({@link Long#MAX_VALUE} for
     *     none), which a shared store is not waited for past
     * @throws dev.verifykit.error.StoreUnavailableException when a shared store cannot be reached
     *     (or did not answer before the deadline)
     */
    Start tryStart(long nowNanos, long deadlineNanos);

    /**
     * The request {@code token}, started at {@code startedNanos}, arrived at the service at
     * {@code latestNanos} at the latest. A shared store is not waited for past
     * {@code deadlineNanos} (the deadline it started under, {@link Long#MAX_VALUE} for none). Never throws.
     */
    void arrived(String token, long startedNanos, long latestNanos, long deadlineNanos);

    /** The most requests, {@link Integer#MAX_VALUE} for no cap. */
    int cap();

    /** The least time between two arrivals. */
    Duration minInterval();

    /**
     * The longest a started request stays in flight before it counts as arrived (another may then
     * start), or {@code null} for as long as it takes.
     */
    default Duration lease() {
        return null;
    }
}
