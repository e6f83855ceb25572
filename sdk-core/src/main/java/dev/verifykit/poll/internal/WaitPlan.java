package dev.verifykit.poll.internal;

import dev.verifykit.error.Service;
import dev.verifykit.error.ValidationException;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.http.internal.ClientLifecycle;
import dev.verifykit.http.internal.HttpTransport;
import dev.verifykit.poll.WaitListener;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything one wait needs, resolved from the caller's {@link WaitOptions} and the service's
 * rules.
 *
 * @param deadlineNanos when the wait gives up, a reading of the scheduler's {@link Scheduler#nanoTime()},
 *     or {@code null} for never: resolved once, when the plan is made, so that a wall-clock step after
 *     that is no time passed, for this wait and for one carrying it on ({@link #endingAs})
 * @param sessionsDeadline whether {@code deadlineNanos} is the session's (the service's natural deadline:
 *     its lifetime from now, and a grace), no caller's timeout or deadline being sooner: the session is
 *     over when it comes (see {@link Poller.Attempt#atSessionsDeadline})
 * @param maxRequests the most requests of this wait
 * @param maxConsecutiveFailures transient failures in a row the wait rides out; the next one ends it
 * @param rateLimitFinal whether a 429 ends it at once (a single call documented to throw it)
 * @param lifecycle the client's: the wait ends when the client closes
 * @param events the client's listener
 * @param operation what the wait is told to {@code events} as ({@code "dock.awaitCompletion"}; for
 *     {@link Poller#once}, the call's endpoint), or {@code null} to tell nothing
 * @param parentWaitId the id of the wait this one carries on, told as {@link dev.verifykit.event.WaitStart#parentWaitId()}, or 0
 */
public record WaitPlan(
        Service service,
        Scheduler scheduler,
        RetryPolicy failureBackoff,
        RequestGate gate,
        Pace pace,
        Long deadlineNanos,
        boolean sessionsDeadline,
        int maxRequests,
        int maxConsecutiveFailures,
        WaitListener listener,
        boolean rateLimitFinal,
        ClientLifecycle lifecycle,
        VerifyKitListener events,
        String operation,
        long parentWaitId) {

    public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 5;

    /**
     * Resolves the caller's options against the service's pace, natural life (how long from now the
     * wait can matter, e.g. the session's lifetime and a grace; {@code null} for no bound) and shared
     * gate. The deadline is one reading of the monotonic clock, taken here: a timeout or natural life
     * is added to it, a caller's {@code Instant} deadline is measured from the wall clock read with it.
     *
     * @throws ValidationException when the caller's interval is below the service's floor
     */
    public static WaitPlan of(HttpTransport transport, WaitOptions options, Pace pace, Duration naturalLife,
            RequestGate gate) {
        return of(transport.service(), transport.scheduler(), transport.settings().retryPolicy(), transport.lifecycle(),
                transport.listener(), options, pace, naturalLife, gate);
    }

    /** {@link #of(HttpTransport, WaitOptions, Pace, Duration, RequestGate)} with the transport's parts given one by one. */
    public static WaitPlan of(Service service, Scheduler scheduler, RetryPolicy failureBackoff, ClientLifecycle lifecycle,
            WaitOptions options, Pace pace, Duration naturalLife, RequestGate gate) {
        return of(service, scheduler, failureBackoff, lifecycle, VerifyKitListener.NONE, options, pace, naturalLife, gate);
    }

    private static WaitPlan of(Service service, Scheduler scheduler, RetryPolicy failureBackoff, ClientLifecycle lifecycle,
            VerifyKitListener events, WaitOptions options, Pace pace, Duration naturalLife, RequestGate gate) {
        Pace resolved = pace;
        if (options.pollInterval().isPresent()) {
            Duration interval = options.pollInterval().get();
            if (interval.compareTo(pace.floor()) < 0) {
                throw new ValidationException("pollInterval", "must be at least " + pace.floor().toMillis()
                        + " ms, the " + service.label() + " minimum between requests (was " + interval.toMillis() + " ms)");
            }
            // the interval between request starts (WaitOptions.pollInterval), not a first one that grows as
            // the service's may (Dokai's): a caller's 5 s read at 5 s, 7.5 s, 11.25 s…
            resolved = Pace.fixed(pace.floor(), interval);
        }
        Instant deadline = options.deadline().orElse(null);
        Instant now = deadline == null ? null : scheduler.now(); // read beside the monotonic clock, only for a deadline
        long nowNanos = scheduler.nanoTime();
        Long callers = deadline == null ? null : nowNanos + nanosUntil(now, deadline);
        if (options.timeout().isPresent()) {
            callers = earlier(callers, nowNanos + Poller.nanosWithin(options.timeout().get()));
        }
        Long natural = naturalLife == null ? null : nowNanos + Poller.nanosWithin(naturalLife);
        boolean sessions = natural != null && (callers == null || natural - callers < 0);
        return new WaitPlan(service, scheduler, failureBackoff, gate, resolved, sessions ? natural : callers, sessions,
                options.maxRequests().orElse(Integer.MAX_VALUE),
                options.maxConsecutiveFailures().orElse(DEFAULT_MAX_CONSECUTIVE_FAILURES),
                options.listener().orElse(null), false, lifecycle, events, null, 0);
    }

    /**
     * This plan for one call ({@link Poller#once}): ending at the latest {@code timeout} from now when
     * there is one, riding out {@code maxConsecutiveFailures} transient failures in a row (the next one
     * ends it), told to {@code events} as {@code name}.
     */
    public WaitPlan forCall(Optional<Duration> timeout, int maxConsecutiveFailures, String name) {
        Long deadline = deadlineNanos;
        boolean sessions = sessionsDeadline;
        if (timeout.isPresent()) {
            long callers = scheduler.nanoTime() + Poller.nanosWithin(timeout.get());
            sessions = sessionsDeadline && deadlineNanos - callers < 0;
            deadline = sessions ? deadlineNanos : earlier(deadlineNanos, callers);
        }
        return new WaitPlan(service, scheduler, failureBackoff, gate, pace, deadline, sessions, maxRequests,
                maxConsecutiveFailures, listener, rateLimitFinal, lifecycle, events, name, parentWaitId);
    }

    /** This plan riding out {@code value} transient failures in a row: the next one ends it. */
    public WaitPlan withMaxConsecutiveFailures(int value) {
        return new WaitPlan(service, scheduler, failureBackoff, gate, pace, deadlineNanos, sessionsDeadline, maxRequests, value, listener,
                rateLimitFinal, lifecycle, events, operation, parentWaitId);
    }

    /** This plan ending at once on a 429, for a single call documented to throw it. */
    public WaitPlan withRateLimitFinal() {
        return new WaitPlan(service, scheduler, failureBackoff, gate, pace, deadlineNanos, sessionsDeadline, maxRequests,
                maxConsecutiveFailures, listener, true, lifecycle, events, operation, parentWaitId);
    }

    /** This plan told to {@code events} as {@code name}: a wait's operation, or for {@link Poller#once} the call's endpoint. */
    public WaitPlan observedAs(String name) {
        return new WaitPlan(service, scheduler, failureBackoff, gate, pace, deadlineNanos, sessionsDeadline, maxRequests,
                maxConsecutiveFailures, listener, rateLimitFinal, lifecycle, events, name, parentWaitId);
    }

    /**
     * This plan told as carrying on the wait {@code waitId} (a {@link dev.verifykit.event.WaitStart#id()};
     * 0 for none), so that a listener can keep it in that wait's trace.
     */
    public WaitPlan following(long waitId) {
        return new WaitPlan(service, scheduler, failureBackoff, gate, pace, deadlineNanos, sessionsDeadline, maxRequests,
                maxConsecutiveFailures, listener, rateLimitFinal, lifecycle, events, operation, waitId);
    }

    /**
     * This plan ending as {@code other} does (a wait carrying it on: a session stream's long-polls), at
     * the same reading of the scheduler's monotonic clock, the session's deadline when it is
     * {@code other}'s: a wall-clock step since {@code other} was made neither lengthens nor shortens it.
     */
    public WaitPlan endingAs(WaitPlan other) {
        return new WaitPlan(service, scheduler, failureBackoff, gate, pace, other.deadlineNanos, other.sessionsDeadline,
                maxRequests, maxConsecutiveFailures, listener, rateLimitFinal, lifecycle, events, operation, parentWaitId);
    }

    /** The earlier of two nanoTime readings, compared by their difference; {@code a} may be {@code null} for none. */
    private static long earlier(Long a, long b) {
        return a == null || b - a < 0 ? b : a;
    }

    /**
     * Nanoseconds from {@code now} to {@code deadline}: 0 for one past, however long ago, and never
     * later than a natural deadline can be ({@link Poller#nanosWithin}).
     */
    private static long nanosUntil(Instant now, Instant deadline) {
        return deadline.isAfter(now) ? Poller.nanosWithin(Duration.between(now, deadline)) : 0;
    }
}
