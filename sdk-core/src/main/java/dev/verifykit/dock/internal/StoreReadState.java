package dev.verifykit.dock.internal;

import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import dev.verifykit.error.Service;
import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.http.internal.ClientLifecycle;
import dev.verifykit.poll.internal.ReadState;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A session's {@link ReadState} kept in a {@link GuardrailStore}. */
final class StoreReadState implements ReadState {
    private static final System.Logger LOG = System.getLogger("dev.verifykit.dock");

    private final GuardrailStore store;
    private final String account;
    private final String sessionId;
    private final ReadRules rules;
    private final Scheduler scheduler;
    private final ClientLifecycle lifecycle;

    /**
     * @param lifecycle the client's, whose {@code close()} ends a wait for the store (see
     *     {@link ClientLifecycle#interruptibly}); {@code null} for a store that never waits (in memory)
     */
    StoreReadState(GuardrailStore store, String account, String sessionId, ReadRules rules, Scheduler scheduler,
            ClientLifecycle lifecycle) {
        this.store = store;
        this.account = account;
        this.sessionId = sessionId;
        this.rules = rules;
        this.scheduler = scheduler;
        this.lifecycle = lifecycle;
    }

    @Override
    public Start tryStart(long nowNanos, long deadlineNanos) {
        ReadStart start;
        try {
            start = ask(lifecycle, () -> store.startRead(account, sessionId, rules, timeLeft(nowNanos, deadlineNanos)));
        } catch (RuntimeException e) {
            throw unavailable("a read of a session was not sent", e);
        }
        if (start == null) {
            throw unavailable("a read of a session was not sent", new NullPointerException("startRead answered null"));
        }
        return switch (start.kind()) {
            case STARTED -> new Started(start.readId(), start.used());
            case WAIT -> new Later(start.retryAfter().toNanos(), start.behindReadInFlight());
            case EXHAUSTED -> new Exhausted();
        };
    }

    @Override
    public void arrived(String token, long startedNanos, long latestNanos, long deadlineNanos) {
        long now;
        try {
            now = scheduler.nanoTime();
        } catch (RuntimeException | Error e) {
            // a clock of the caller's failing: the gate's permit has ended, so this is the read's one
            // report; untold, the store held the read in flight for its lease, from every instance
            report(token, Duration.ZERO, AFTER_CLOSE); // arrived as the store gets it, sent without waiting
            throw e;
        }
        report(token, Duration.ofNanos(Math.max(0, now - (latestNanos - startedNanos >= 0 ? latestNanos : startedNanos))),
                timeLeft(now, deadlineNanos));
    }

    private void report(String token, Duration ago, Duration timeLeft) {
        try {
            tell(lifecycle, timeLeft, left -> store.readArrived(account, sessionId, token, ago, left));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the guardrail store could not record that a read of a session "
                    + "ended; unless the store sends the report again later, its lease (" + rules.lease() + ") ends it", e);
        }
    }

    @Override
    public int cap() {
        return rules.cap();
    }

    @Override
    public Duration minInterval() {
        return rules.minInterval();
    }

    @Override
    public Duration lease() {
        return rules.lease();
    }

    /** Asks a store that may wait, so that the client's close ends the wait ({@code lifecycle} null: it never waits). */
    static <T> T ask(ClientLifecycle lifecycle, Supplier<T> call) {
        return lifecycle == null ? call.get() : lifecycle.interruptibly(call);
    }

    /**
     * Tells a store that may wait what happened, within {@code timeLeft}, as {@link #ask} asks it:
     * a close while it waits ends the wait (the report is left to the lease, as one the store could
     * not record). A report after the close (of a call the close ended, made by the close itself,
     * before the application closes the store) is told with {@link #AFTER_CLOSE} left and never cut:
     * a store backed by a service sends it without waiting, so that it still reaches the store (a
     * read left in flight there would hold the session from the other instances for its lease).
     */
    static void tell(ClientLifecycle lifecycle, Duration timeLeft, Consumer<Duration> report) {
        if (lifecycle == null) {
            report.accept(timeLeft);
        } else if (lifecycle.isClosed()) {
            report.accept(AFTER_CLOSE);
        } else {
            ask(lifecycle, () -> {
                report.accept(timeLeft);
                return null;
            });
        }
    }

    /** The time a report after the client's close is given: sent, not waited for. */
    static final Duration AFTER_CLOSE = Duration.ofNanos(1);

    /** What is left until {@code deadlineNanos} (scheduler nanos), for a store call: at least 1 ns. */
    static Duration timeLeft(long nowNanos, long deadlineNanos) {
        return deadlineNanos == Long.MAX_VALUE ? GuardrailStore.NO_DEADLINE
                : Duration.ofNanos(Math.max(1, deadlineNanos - nowNanos));
    }

    static StoreUnavailableException unavailable(String what, Throwable cause) {
        return new StoreUnavailableException(Service.DOCK, "the guardrail store could not be reached, so " + what
                + " (" + cause.getClass().getSimpleName() + ")", cause);
    }
}
