package dev.verifykit.poll.internal;

import dev.verifykit.error.ApiException;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.Service;
import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitOutcome;
import dev.verifykit.event.WaitStart;
import dev.verifykit.event.internal.Listeners;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.http.internal.CallTrace;
import dev.verifykit.http.internal.Futures;
import dev.verifykit.http.internal.HttpTransport;
import dev.verifykit.internal.Require;
import dev.verifykit.internal.Unexpected;
import dev.verifykit.poll.WaitProgress;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The waiting engine: runs attempts until one says done, keeping the plan's interval between
 * request starts (through the shared {@link RequestGate}), honouring retry hints, backing off on
 * transient failures, and stopping at the deadline, the poll cap, or cancellation. No thread is
 * blocked between attempts: the next one is scheduled on the plan's scheduler.
 */
public final class Poller {
    private Poller() {}

    /** One request of a wait. */
    @FunctionalInterface
    public interface Attempt<T> {
        /**
         * Starts the request without blocking. Cancelling the returned future must cancel the request.
         * The gate counts the request as arrived when the future completes, or earlier when the
         * attempt says so ({@link Turn#headArrived()}: a stream whose head came long before its end).
         */
        CompletableFuture<Step<T>> run(Turn turn);

        /**
         * The request of a blocking wait, called on the waiting thread, which may do the request's
         * I/O itself and answer with a completed future (so that a blocking wait takes one thread,
         * not two). By default, {@link #run}.
         */
        default CompletableFuture<Step<T>> runBlocking(Turn turn) {
            return run(turn);
        }

        /**
         * Told once, as the wait starts and before its first request: the wait's id for the client's
         * listener ({@link Turn#waitId()}), or 0 when it is not told; for what the attempt starts
         * beside its requests (a stream's long-polls after it, told as carrying on its wait, even
         * when it gave up before any open). Nothing by default.
         */
        default void started(long waitId) {}

        /**
         * The least time before the next request after a failed one, whatever the backoff says: a
         * stream's reconnection time (the server's {@code retry:}), which the SSE specification keeps
         * before every reconnection, after a failure too. None by default.
         */
        default Duration leastRetryDelay() {
            return Duration.ZERO;
        }

        /**
         * What a wait ends with when its session's deadline stops it ({@link WaitPlan#sessionsDeadline()}:
         * the session's lifetime bounds the wait, not its caller's timeout or deadline) at {@code nowNanos}
         * (a reading of the scheduler's {@code nanoTime}), which may be before that deadline (the next
         * request would come past it): how the session ended if it has ended by then, or {@code null}
         * (by default) when that is unknown or it has not: the wait then gives up with a {@link
         * WaitTimeoutException}.
         */
        default T atSessionsDeadline(long nowNanos) {
            return null;
        }
    }

    /**
     * One admitted request of a wait. The gate counts it as arrived at the service when its attempt
     * ends, unless the attempt says better: a stream's head arrives long before the stream ends, and
     * a long-poll answered "still pending" was held by the service for its whole wait, so it arrived
     * that long before its answer (when the answer took that long: one that came sooner was not
     * held, and may have arrived until it came).
     */
    public static final class Turn {
        private final int number;
        private final Duration remaining;
        private final long deadlineNanos;
        private final RequestGate.Permit permit;
        private final Scheduler scheduler;
        private final long waitId;
        private final CallTrace trace;
        private final long startedNanos;
        /** What the wait does when the turn sends nothing ({@link #sentNothing}); {@code null} once done. */
        private volatile Runnable unsent = () -> {};

        Turn(int number, Duration remaining, long deadlineNanos, RequestGate.Permit permit, Scheduler scheduler, long waitId,
                CallTrace trace) {
            this.startedNanos = scheduler.nanoTime();
            this.number = number;
            this.remaining = remaining;
            this.deadlineNanos = deadlineNanos;
            this.permit = permit;
            this.scheduler = scheduler;
            this.waitId = waitId;
            this.trace = trace;
        }

        /** The wait's id for the client's listener, or 0 when it is not told (see {@link dev.verifykit.event.CallStart#waitId()}). */
        public long waitId() {
            return waitId;
        }

        /**
         * For a request of {@link Poller#once}: the one call its attempts belong to
         * ({@link CallTrace#OFF} otherwise).
         */
        public CallTrace trace() {
            return trace;
        }

        /** 1 for the wait's first request. */
        public int number() {
            return number;
        }

        /**
         * Time left before the deadline, or {@code null} when there is none; a long-poll holds no
         * longer than this, and a call takes no longer.
         */
        public Duration remaining() {
            return remaining;
        }

        /**
         * The deadline in scheduler nanoseconds, {@link Long#MAX_VALUE} when there is none: where
         * {@link #remaining()} ends, however long the request takes to start (a listener told of it).
         */
        public long deadlineNanos() {
            return deadlineNanos;
        }

        /** The latest the request may leave, in scheduler nanoseconds: see {@link RequestGate.Permit#sendBy()}. */
        public long sendBy() {
            return permit.sendBy();
        }

        /** The answer's head arrived now: the request reached the service before. */
        public void headArrived() {
            answeredAfterHold(Duration.ZERO);
        }

        /**
         * The answer arrived now, the service having held the request for {@code held} first. An
         * answer sooner than that after the request was sent was not held so long (a service
         * ignoring the wait, or restarting): the request counts as arrived now, since it may have
         * reached the service just before its answer left.
         */
        public void answeredAfterHold(Duration held) {
            answeredAfterHold(held, startedNanos);
        }

        /**
         * {@link #answeredAfterHold(Duration)} for a request written at {@code sentNanos} (scheduler
         * time; {@link Long#MIN_VALUE} when unknown): the service can have held it only since then,
         * not while it waited to leave (for a free slot of the dispatcher, its host-name lookup, its
         * connection).
         */
        public void answeredAfterHold(Duration held, long sentNanos) {
            long now = scheduler.nanoTime();
            long since = sentNanos == Long.MIN_VALUE || startedNanos - sentNanos > 0 ? startedNanos : sentNanos;
            permit.arrived(now - since >= held.toNanos() ? now - held.toNanos() : now);
        }

        /**
         * The turn's attempt answered without sending a request (a shortcut: the outcome was known
         * already): the turn is not one of the wait's requests ({@code WaitEnd.attempts()}).
         */
        public void sentNothing() {
            Runnable told = unsent;
            unsent = null;
            if (told != null) {
                told.run();
            }
        }
    }

    /** What an attempt learned. */
    public sealed interface Step<T> {}

    /** The final result. */
    public record Done<T>(T value) implements Step<T> {}

    /**
     * Not final yet.
     *
     * @param status the status seen, for progress reports
     * @param notBefore the soonest the next request may start (a service hint), or zero
     * @param sessionEnd the earliest the session may end (a reading of the scheduler's {@code nanoTime}), when the answer told
     *     it and no read after it can see the session's outcome (the service forgets it then): the
     *     wait's last read comes before it as before the wait's deadline ({@code Run.fitted}), and
     *     its progress counts to it; {@code null} otherwise
     * @param readOnceAfter when the session ends for the wait (a reading of the scheduler's {@code nanoTime}), when the
     *     answer told it and the wait reads once more after it to learn how the session ended, then
     *     ends (Dokai's, whose outcome stays readable): its progress counts to it, and no last read
     *     is fitted before it; a read started after it and answered pending is followed by the wait's
     *     next turn at once (once), whose attempt ends the wait without a request; {@code null} otherwise
     */
    public record Pending<T>(String status, Duration notBefore, Long sessionEnd, Long readOnceAfter) implements Step<T> {
        public Pending(String status) {
            this(status, Duration.ZERO);
        }

        public Pending(String status, Duration notBefore) {
            this(status, notBefore, null);
        }

        public Pending(String status, Duration notBefore, Long sessionEnd) {
            this(status, notBefore, sessionEnd, null);
        }

        /** Where the wait's progress ({@link WaitProgress#remaining()}) counts to, of the session's ends the answer told; {@code null} for none. */
        Long progressEnd() {
            return sessionEnd != null ? sessionEnd : readOnceAfter;
        }
    }

    /** Starts a wait; the future completes with the result or a {@link VerifyKitException}. */
    public static <T> CompletableFuture<T> start(WaitPlan plan, Attempt<T> attempt) {
        Run<T> run = new Run<>(plan, attempt, null, null, null);
        run.handOff(run::fire);
        return run;
    }

    /** The requests a wait of {@link #start} or {@link #startBlocking} has made so far; 0 for another future. */
    public static int attempts(CompletableFuture<?> wait) {
        return wait instanceof Run<?> run ? run.attempts : 0;
    }

    /**
     * {@link #start(WaitPlan, Attempt)} for a caller that then blocks on the wait on this thread
     * ({@link Futures#join}): its first request is started on this thread, and an interrupt of the
     * thread ends the wait as cancelled before its next request, as {@link #await} does (a thread
     * interrupted already sends nothing; the wait is told started and cancelled).
     */
    public static <T> CompletableFuture<T> startBlocking(WaitPlan plan, Attempt<T> attempt) {
        Run<T> run = new Run<>(plan, attempt, null, null, Thread.currentThread());
        run.fire(); // the caller's thread is about to block on the wait: it may ask the gate itself
        return run;
    }

    /**
     * Waits, blocking the calling thread, which also sleeps between attempts and starts each one
     * (an attempt may answer synchronously, with a completed future). An interrupt cancels the
     * wait and the attempt in flight.
     */
    public static <T> T await(WaitPlan plan, Attempt<T> attempt) {
        return await(plan, null, attempt);
    }

    /** {@link #await(WaitPlan, Attempt)}, told as the call {@code once} (or as a wait when {@code null}). */
    private static <T> T await(WaitPlan plan, CallTrace once, Attempt<T> attempt) {
        Inline inline = new Inline();
        Run<T> run = new Run<>(plan, attempt, inline, once, Thread.currentThread());
        inline.submit(0, run::fire);
        try {
            inline.drive(run, plan);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the join sees it again, and cancels the wait
        }
        return Futures.join(run, plan.service(), () -> run.attempts);
    }

    /**
     * One request, blocking: started when the plan's gate allows, retried after transient failures
     * as the plan says (each retry passing the gate again), its answer returned as it is. The
     * client's listener hears of it as the one call {@code trace} tells, whose attempts are the
     * turns' requests, sent with {@link Turn#trace()}.
     *
     * @param trace the call's trace, begun by the caller (ended here)
     * @param request sends the turn's request (attempt {@code turn.number()}, 1 for the first) and reads its answer
     */
    public static <T> T once(WaitPlan plan, CallTrace trace, Function<Turn, T> request) {
        try {
            T result = await(plan, trace, turn -> {
                try {
                    return CompletableFuture.completedFuture(new Done<>(request.apply(turn)));
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            });
            trace.ended(null);
            return result;
        } catch (RuntimeException | Error e) {
            trace.ended(e);
            throw e;
        }
    }

    /** Runs a blocking wait's steps on the waiting thread: one pending step at a time. */
    private static final class Inline {
        private Runnable next;
        private long delayNanos;

        synchronized void submit(long delay, Runnable step) {
            next = step;
            delayNanos = delay;
            notifyAll();
        }

        synchronized void wake() {
            notifyAll();
        }

        void drive(Run<?> run, WaitPlan plan) throws InterruptedException {
            while (true) {
                Runnable step;
                long delay;
                synchronized (this) {
                    while (next == null && !run.isDone()) {
                        wait();
                    }
                    if (next == null) {
                        return;
                    }
                    step = next;
                    delay = delayNanos;
                    next = null;
                }
                if (delay > 0) {
                    // close() (and for a wait, cancelWaits()) wakes the sleep: the step then finds the wait
                    // ended (cancelled) and does nothing
                    try {
                        if (plan.lifecycle() != null && run.single) {
                            plan.lifecycle().sleep(plan.scheduler(), Duration.ofNanos(delay));
                        } else if (plan.lifecycle() != null) {
                            plan.lifecycle().sleepInWait(plan.scheduler(), Duration.ofNanos(delay));
                        } else {
                            plan.scheduler().sleep(Duration.ofNanos(delay));
                        }
                    } catch (InterruptedException e) {
                        throw e;
                    } catch (Throwable e) {
                        // a scheduler of the caller's failing to sleep: the wait ends failed and told, as
                        // when its timer is refused (the join then throws an Error as it is)
                        run.fail(Unexpected.wrap(plan.service(), run.operation(), e));
                        return;
                    }
                }
                step.run();
            }
        }
    }

    /** The least time a wait's last read is given before the deadline (see {@code Run.fitted}). */
    static final Duration LAST_READ_LEAD = Duration.ofMillis(100);

    /** The longest a deadline is counted in nanoseconds (about 100 years; a wait's natural deadline is far sooner). */
    private static final Duration LONGEST_WAIT = Duration.ofDays(36_500);

    /**
     * {@code time} in nanoseconds, no further either way than {@link #LONGEST_WAIT} (a {@code long} of
     * nanoseconds spans 292 years): a time to add to a {@code nanoTime} reading, whose sums are
     * compared by difference.
     */
    static long nanosWithin(Duration time) {
        return time.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT.toNanos()
                : time.compareTo(LONGEST_WAIT.negated()) < 0 ? -LONGEST_WAIT.toNanos() : time.toNanos();
    }

    private static final class Run<T> extends CompletableFuture<T> {
        private final WaitPlan plan;
        private final Attempt<T> attempt;
        private final Inline inline;
        /**
         * The thread blocked on the wait ({@link #await}'s, or {@link #startBlocking}'s caller), whose
         * interrupt cancels it; {@code null} for an asynchronous wait.
         */
        private final Thread waiter;
        private final long startNanos;
        /** Whether the wait has a deadline, {@link #deadlineNanos}: scheduler readings are compared by their differences only. */
        private final boolean hasDeadline;
        private final long deadlineNanos;
        private final CallTrace once;
        /** Whether this is a call of {@link #once}, not a wait. */
        private final boolean single;
        private final WaitStart observed;
        private final AtomicBoolean endTold = new AtomicBoolean();
        /**
         * The result the engine ended the wait with ({@link #succeed}, {@link #fail}), kept before its end
         * is told: a close while that end is told (by the listener itself, or on another thread while
         * the listener takes its time) completes the future with it, as told, not as cancelled.
         */
        private final AtomicReference<Settled<T>> settled = new AtomicReference<>();
        /**
         * Set when its caller ({@link #endByCaller}) or the client's close ends the wait, before its
         * call in flight is stopped: that call's end (a stream's close, a cancelled call) is then told
         * while the wait is still open, inside its span, and finds no step left to take. (A call being
         * started has no future to stop yet: the thread starting it ends the wait once it has one,
         * see {@link #runAttempt}.)
         */
        private volatile boolean ending;
        /**
         * Guards {@link #attemptRunning}, {@link #endLeft}, {@link #endHeld}, {@link #progressTelling},
         * {@link #endAfterProgress} and {@link #endChosen}.
         */
        private final Object attemptLock = new Object();
        /** Whether an attempt is being run now ({@link #runAttempt}): its call is being started, or made. */
        private boolean attemptRunning;
        /** The end a close left to the thread running the attempt, to be carried out once the attempt returned. */
        private WaitCancelledException endLeft;
        /** The end its caller told ({@link #tellEnd}) while an attempt was running, to be told once it returned. */
        private Runnable endHeld;
        /**
         * The request in flight that the wait's end came too late to cancel ({@link #stopInFlight}): its
         * call's end is being told on another thread, and the wait's end is told once it completes.
         */
        private volatile CompletableFuture<?> callEnding;
        /** Progress reports being told to the client's listener now (on another thread than an end's). */
        private int progressTelling;
        /** The end that came while progress was being told, told by the thread telling it, after it. */
        private Runnable endAfterProgress;
        /** Set once the end is to be told: no progress is told from then on. */
        private boolean endChosen;
        /** The session's end the wait's progress counts to, as the last answer told it ({@link Pending#progressEnd()}), or {@code null}. */
        private volatile Long progressEnd;
        private volatile CompletableFuture<Step<T>> inFlight;
        private volatile Cancellable timer;
        private volatile Runnable permit;
        private volatile int attempts;
        private int consecutiveFailures;
        private long attemptStartNanos;
        /** The longest a request of this wait took from its start to its answer. */
        private long slowestNanos;
        /** Whether the last read before the deadline ({@link #fitted}) is scheduled or made. */
        private boolean lastRead;
        /** Whether a read started past the session's end its answer told ({@link Pending#readOnceAfter}) was answered. */
        private boolean readPastEnd;
        private Duration interval;
        private VerifyKitException lastFailure;

        Run(WaitPlan plan, Attempt<T> attempt, Inline inline, CallTrace once, Thread waiter) {
            this.plan = plan;
            this.attempt = attempt;
            this.inline = inline;
            this.waiter = waiter;
            this.once = once == null ? CallTrace.OFF : once;
            this.single = once != null;
            this.startNanos = plan.scheduler().nanoTime();
            this.hasDeadline = plan.deadlineNanos() != null;
            this.deadlineNanos = hasDeadline ? plan.deadlineNanos() : 0;
            this.interval = plan.pace().interval();
            // a wait on a closed client never starts (nor is announced); one the client closes from
            // here on is cancelled, its listener's onWaitStart included
            boolean closedBefore = plan.lifecycle() != null && plan.lifecycle().isClosed();
            // a wait begun once the client's waits were cancelled (its application shutting down) ends
            // at once too, as cancelled, and is told as every wait is (README: each wait's start and
            // outcome; the client is open, so it is not one refused by a closed client); a single call goes on
            boolean cancelledBefore = !closedBefore && once == null && plan.lifecycle() != null
                    && plan.lifecycle().waitsCancelled();
            this.observed = closedBefore || once != null || plan.operation() == null
                    || plan.events() == VerifyKitListener.NONE ? null
                    : WaitStart.builder().id(Listeners.nextId()).service(plan.service()).operation(plan.operation())
                            .timeout(Optional.ofNullable(hasDeadline ? Duration.ofNanos(Math.max(0, deadlineNanos - startNanos)) : null))
                            .parentWaitId(plan.parentWaitId() == 0 ? OptionalLong.empty() : OptionalLong.of(plan.parentWaitId()))
                            .build();
            if (observed != null) {
                plan.events().onWaitStart(observed);
            }
            attempt.started(observed == null ? 0 : observed.id());
            // however it ended (its caller may complete it too): no request or timer of it runs on, its
            // end is told (already, unless its caller completed it past complete(), as completeAsync
            // does), it leaves the gate, and a blocking caller's thread wakes; one completion for the
            // four, each done even when one before it throws
            whenComplete((value, error) -> {
                try {
                    stopInFlight();
                } finally {
                    try {
                        tellEnd(error, true);
                    } finally {
                        try {
                            plan.gate().leave(this);
                        } finally {
                            if (inline != null) {
                                inline.wake();
                            }
                        }
                    }
                }
            });
            if (closedBefore) {
                fail(new ClientClosedException(plan.service(), operation()));
            } else if (cancelledBefore) {
                endBecauseClosed();
            } else if (plan.lifecycle() != null) {
                Runnable forget = single ? plan.lifecycle().onClose(this::endBecauseClosed)
                        : plan.lifecycle().onWaitsCancelled(this::endBecauseClosed);
                whenComplete((value, error) -> forget.run());
            }
        }

        /**
         * The client closed, or its waits were cancelled (its application shutting down): the wait
         * ends now, as cancelled, and nothing of it keeps running. A wait whose attempt is running
         * (a blocking wait's on the waiting thread, the close cancelling its call through the
         * transport's own hook; an asynchronous one's call being started) has its future ended now
         * too, but its end is told as that attempt returns: the thread running it ends the call, then
         * tells the wait's end ({@link #runAttempt}), so that the call ends inside its wait, as a
         * cancelled call in flight does. (A blocking wait's caller is that thread: it learns the end
         * as its attempt returns.)
         */
        private void endBecauseClosed() {
            if (isDone()) {
                return;
            }
            Settled<T> chosen = settled.get();
            if (chosen != null) {
                // the wait has its result, and its end is being told as that: it ends so, not as cancelled
                if (chosen.error() == null) {
                    super.complete(chosen.value());
                } else {
                    super.completeExceptionally(chosen.error());
                }
                return;
            }
            boolean shuttingDown = plan.lifecycle() != null && !plan.lifecycle().isClosed() && plan.lifecycle().waitsCancelled();
            ending = true;
            try {
                stopInFlight();
            } finally { // a store's Error in the abandoned read's report goes on, once the wait has ended
                endCancelled(shuttingDown);
            }
        }

        private void endCancelled(boolean shuttingDown) {
            WaitCancelledException cancelled = new WaitCancelledException(plan.service(), attempts, shuttingDown
                    ? "the client's waits were cancelled (its application is shutting down)" : "the client was closed",
                    !shuttingDown);
            boolean attemptRuns;
            synchronized (attemptLock) {
                attemptRuns = attemptRunning;
                if (attemptRuns && endLeft == null) {
                    endLeft = cancelled;
                }
            }
            if (attemptRuns) {
                // the wait ends now for its caller; its end is told once the attempt returned and its call was stopped
                super.completeExceptionally(cancelled);
            } else {
                fail(cancelled);
            }
        }

        /**
         * Runs the turn's attempt: a blocking wait's on the waiting thread ({@link Attempt#runBlocking}),
         * an asynchronous one's call started ({@link Attempt#run}, its listeners told of it on this
         * thread). When the client closed, its waits were cancelled or its caller ended the wait
         * meanwhile, the wait ends as the attempt returns, however it returns: its call stopped first
         * (told ended, cancelled), then the wait's end told. One that such an end came before (while
         * its turn was asked for) is not made: no call of the wait starts after its end.
         */
        private CompletableFuture<Step<T>> runAttempt(Turn turn) {
            synchronized (attemptLock) {
                attemptRunning = true;
            }
            CompletableFuture<Step<T>> request = null;
            try {
                request = over() ? CompletableFuture.failedFuture(new CancellationException())
                        : inline != null ? attempt.runBlocking(turn) : attempt.run(turn);
                return request;
            } finally {
                WaitCancelledException closed;
                Runnable held;
                synchronized (attemptLock) {
                    if (request != null) {
                        inFlight = request; // where an end that comes from now on finds it (stopInFlight)
                    }
                    attemptRunning = false;
                    closed = endLeft;
                    held = endHeld;
                }
                if ((closed != null || held != null) && request != null) {
                    cancel(request); // its call's end is told inside the wait
                }
                if (held != null) {
                    held.run();
                }
                if (closed != null) {
                    tellEnd(closed, false);
                    fail(closed);
                }
            }
        }

        /**
         * What messages name this wait or call as: its operation ({@code GET /v2/sessions/{id}},
         * {@code dock.awaitCompletion}), or, when it has none, the call or the wait.
         */
        private String operation() {
            return plan.operation() != null ? plan.operation() : single ? "the call" : "the wait";
        }

        /** Whether the deadline has come at {@code now}. */
        private boolean passed(long now) {
            return hasDeadline && now - deadlineNanos >= 0;
        }

        /** Whether a step {@code delayNanos} after {@code now} would come at or past the deadline. */
        private boolean passes(long now, long delayNanos) {
            return hasDeadline && delayNanos >= deadlineNanos - now;
        }

        /**
         * The deadline as the gate and its state (and a turn's request, {@link Turn#deadlineNanos()}) take
         * it: {@link Long#MAX_VALUE} for none (a deadline reading that value, a wrapped reading of an
         * arbitrary origin, is told 1 ns sooner).
         */
        private long gateDeadline() {
            return !hasDeadline ? Long.MAX_VALUE : deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : deadlineNanos;
        }

        /**
         * Ends the wait as cancelled when the thread blocked on it was interrupted (the flag kept):
         * checked before each request, so that one interrupted before the wait began sends nothing.
         */
        private boolean cancelledByInterrupt() {
            if (waiter == null || !waiter.isInterrupted()) {
                return false;
            }
            fail(new WaitCancelledException(plan.service(), attempts));
            return true;
        }

        /** Whether the wait ended or is ending: no step of it is taken any more. */
        private boolean over() {
            return ending || isDone();
        }

        /**
         * Takes the wait's next step; whatever it throws (an Error of a guardrail store of the
         * caller's, a scheduler of the caller's refusing the next timer) ends the wait with it: the
         * step ran on a wait or timer thread, and its future was left pending for good.
         */
        void fire() {
            try {
                step();
            } catch (Throwable e) {
                fail(Unexpected.wrap(plan.service(), operation(), e));
            }
        }

        private void step() {
            if (over() || cancelledByInterrupt()) {
                return;
            }
            if (atRequestLimit()) {
                fail(requestLimitReached(null));
                return;
            }
            long now = plan.scheduler().nanoTime();
            if (passed(now)) {
                giveUp(0);
                return;
            }
            // asking a store of the caller's (Redis) and keeping its answer where a close finds it
            // (this.permit) is one section, which the client's close waits for: a read the store let
            // start just as the client closed is told back before close() returns
            boolean asksStore = plan.gate().askFrom() != null && plan.lifecycle() != null;
            Runnable admitted = asksStore ? plan.lifecycle().admitting() : null;
            if (asksStore && admitted == null) {
                endBecauseClosed(); // the client closed: nothing is asked
                return;
            }
            RequestGate.Admission admission = null;
            StoreUnavailableException unreachable = null;
            Turn turn = null;
            try {
                admission = plan.gate().tryAcquire(now, gateDeadline(), this);
                if (admission instanceof RequestGate.Admitted admit) {
                    long admittedNanos = now;
                    try {
                        now = plan.scheduler().nanoTime(); // a shared store may have taken part of the time left
                        turn = passed(now) ? null : turn(admit.permit(), now);
                    } catch (RuntimeException | Error e) { // a clock of the caller's failing: the gate stayed held for good
                        admit.permit().arrived(admittedNanos); // nothing was sent
                        throw e;
                    }
                    if (turn == null) {
                        admit.permit().arrived(now); // nothing was sent
                    } else if (admitted != null && plan.lifecycle().isClosed()) {
                        turn.headArrived(); // the close may have looked for the permit before it was kept
                    }
                }
            } catch (StoreUnavailableException e) {
                unreachable = e;
            } finally {
                if (admitted != null) {
                    admitted.run();
                }
            }
            if (over()) {
                // ended while the gate was asked (a store slow to answer): its end may have left the gate
                // before the ask queued it there, ahead of every wait after it
                plan.gate().leave(this);
            }
            if (unreachable != null) { // told out of the section: its listeners may take their time
                onFailure(unreachable); // nothing was sent: tried again as after a network failure
                return;
            }
            if (admission instanceof RequestGate.Exhausted) {
                fail(capReached(null));
                return;
            }
            if (admission instanceof RequestGate.Wait wait) {
                later(askAgainIn(wait, plan.scheduler().nanoTime()));
                return;
            }
            if (turn == null) {
                giveUp(0);
                return;
            }
            Runnable arrived = turn::headArrived;
            CompletableFuture<Step<T>> request;
            try {
                request = runAttempt(turn);
            } catch (ClientClosedException closing) {
                // close() marks the client closed before it ends its waits: a request started in
                // between is refused at once, and the wait ends as the close ends every wait
                arrived.run();
                endBecauseClosed();
                return;
            } catch (Throwable e) {
                arrived.run();
                fail(Unexpected.wrap(plan.service(), "a request of " + operation(), e));
                return;
            }
            if (over()) { // runAttempt published the request (inFlight)
                cancel(request);
                arrived.run();
                return;
            }
            request.whenComplete((step, error) -> handOff(() -> {
                try {
                    if (!over()) {
                        arrived.run(); // otherwise the wait's end tells it (stopInFlight), a close's by the close itself
                    }
                } catch (Throwable e) { // a store's Error: thrown into the future's callback, it was lost
                    fail(Unexpected.wrap(plan.service(), operation(), e));
                    return;
                }
                onResult(step, error);
            }));
        }

        /** The wait's next turn, under {@code permit} granted at {@code now}, kept where the wait's end finds it. */
        private Turn turn(RequestGate.Permit permit, long now) {
            attempts++;
            attemptStartNanos = now;
            Duration remaining = hasDeadline ? Duration.ofNanos(deadlineNanos - now) : null;
            Turn turn = new Turn(attempts, remaining, gateDeadline(), permit, plan.scheduler(), observed == null ? 0 : observed.id(),
                    once);
            this.permit = turn::headArrived;
            turn.unsent = () -> attempts--; // on this wait's thread, as the turn's attempt runs
            return turn;
        }

        /**
         * Runs a step of an asynchronous wait (a request's start, or its answer's handling) where
         * its gate asks to be asked from, when it does: on the client's wait threads, so that a
         * store slow to answer holds up this wait only. Otherwise (and when the hand-off is refused:
         * the client closed, and the step finds the wait ended) right here. Wait threads of the
         * caller's failing otherwise (an Error: no thread could be started) end the wait with it,
         * which nothing would end else: this runs on a timer's or a call's thread.
         */
        void handOff(Runnable step) {
            Executor executor = inline == null ? plan.gate().askFrom() : null;
            if (executor == null) {
                step.run();
                return;
            }
            try {
                executor.execute(step);
            } catch (RejectedExecutionException refused) {
                step.run();
            } catch (Throwable failed) { // the executor's own failure (a step ends the wait with what it throws)
                if (!over()) { // a wait ending (its caller's cancel) has no step left to take: it ends as it was ended
                    fail(Unexpected.wrap(plan.service(), operation(), failed));
                }
            }
        }

        private void onResult(Step<T> step, Throwable error) {
            try {
                advance(step, error);
            } catch (Throwable e) {
                fail(Unexpected.wrap(plan.service(), "the wait", e));
            }
        }

        private void advance(Step<T> step, Throwable error) {
            if (over()) {
                return;
            }
            if (error != null) {
                onFailure(Futures.unwrap(error));
                return;
            }
            if (step instanceof Done<T> done) {
                succeed(done.value());
                return;
            }
            Pending<T> pending = (Pending<T>) step;
            consecutiveFailures = 0;
            if (pending.progressEnd() != null) {
                progressEnd = pending.progressEnd();
            }
            long sinceStart = plan.scheduler().nanoTime() - attemptStartNanos;
            slowestNanos = Math.max(slowestNanos, sinceStart);
            // the read the answer asks for after the session's end was this one: the wait knows how the
            // session ended and ends at its next turn, which sends nothing (the attempt's shortcut), not an
            // interval later; once only, so that an attempt without such a shortcut is paced as before
            Long readOnceAfter = pending.readOnceAfter();
            boolean endKnown = !readPastEnd && readOnceAfter != null && readOnceAfter - attemptStartNanos < 0;
            readPastEnd |= endKnown;
            // so too when this was the last request the wait's own limit, or the session's poll cap (its
            // gate's), allows: it ends at its next turn (a PollCapException), sending nothing, not a whole
            // interval (or a hold) later holding its caller
            boolean lastTurn = endKnown || atRequestLimit() || capUsed();
            // a last read fitted before the end keeps the pace's floor after this read's start: none is made
            // sooner (WaitOptions.timeout)
            long soonest = Math.max(pending.notBefore().toNanos(), floorLeft(sinceStart));
            long delay = lastTurn ? 0 : fitted(Math.max(interval.toNanos() - sinceStart, pending.notBefore().toNanos()),
                    soonest, pending.sessionEnd());
            interval = plan.pace().next(interval);
            report(pending.status(), lastTurn ? NO_REQUEST : delay); // no request follows
            later(delay);
        }

        /**
         * The delay before the next read, {@code paced} by the wait's interval: when that read would
         * start later than the deadline, or the session's end when the answer told one
         * ({@code sessionEnd}, see {@link Pending#sessionEnd()}), less what a read needs (twice this
         * wait's slowest read, at least {@link #LAST_READ_LEAD}), one last read is made instead at the
         * earlier of the two less that, so that a result coming in the last interval is not missed while
         * time was left (a read started just before the end reached the service after it: a Roblox
         * session answered expired though the game had completed it,
         * {@code RpcSlowCheckAtTheSessionsEndTest}). Not sooner than {@code notBefore} (the service's hint,
         * and the pace's floor where the gate does not keep it), not when the request limits forbid it, nor
         * twice; the session's gate still keeps the service's minimum interval (a turn it gives past the
         * deadline ends the wait).
         */
        private long fitted(long paced, long notBefore, Long sessionEnd) {
            if ((!hasDeadline && sessionEnd == null) || lastRead || single
                    || atRequestLimit() || capUsed()) {
                return paced;
            }
            long now = plan.scheduler().nanoTime();
            long left = hasDeadline ? deadlineNanos - now : LONGEST_WAIT.toNanos();
            if (sessionEnd != null) {
                left = Math.min(left, Math.max(0, sessionEnd - now)); // readings compared by difference
            }
            long need = Math.max(LAST_READ_LEAD.toNanos(), slowestNanos > Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : 2 * slowestNanos);
            long at = left - need;
            if (paced < at || at < Math.max(0, notBefore)) {
                return paced;
            }
            lastRead = true;
            return at;
        }

        private void onFailure(Throwable error) {
            if (!(error instanceof VerifyKitException failure)) {
                fail(Unexpected.wrap(plan.service(), "a request of " + operation(), error));
                return;
            }
            if (failure instanceof ClientClosedException) {
                // close() raced a read of this wait (the read saw the closed client before the
                // close hook ended the wait): the wait ends as every wait of a closed client does.
                endBecauseClosed();
                return;
            }
            lastFailure = failure;
            if (cancelledByInterrupt()) {
                return; // the waiting thread's interrupt cut the attempt: its caller's doing, not a failure of the service
            }
            if (failure instanceof PollCapException reached) {
                // the service refused this read at its cap: sent and answered, it is one of the wait's requests
                fail(new PollCapException(reached, attempts));
                return;
            }
            boolean finalRefusal = plan.rateLimitFinal() && failure instanceof ApiException api && api.httpStatus() == 429;
            if (finalRefusal || !RetryPolicy.isRetryable(failure)) {
                fail(failure);
                return;
            }
            if (!single && passed(plan.scheduler().nanoTime())) {
                // the wait's deadline cut its request (or came as it failed): the wait timed out, whatever
                // the failures in a row (a single call ends with its attempt's failure, as the transport's)
                giveUp(0);
                return;
            }
            if (++consecutiveFailures > plan.maxConsecutiveFailures()) {
                fail(failure);
                return;
            }
            Duration hint = failure instanceof ApiException refused ? refused.retryAfter().orElse(null) : null;
            if (hint == null && !single && failure instanceof RateLimitException) {
                // a wait's refusal without a hint (a proxy's 429): no sooner than its interval, and backing
                // off over a run of them as any failure does (a flat interval + backoff(1) lost the escalation)
                retryIn(failure, interval.plus(plan.failureBackoff().backoff(consecutiveFailures)).toNanos());
                return;
            }
            if (hint == null) {
                retryIn(failure, plan.failureBackoff().backoff(consecutiveFailures).toNanos());
                return;
            }
            if (single && !plan.failureBackoff().retriesAfter(hint)) {
                fail(failure); // as the transport's retries
                return;
            }
            if (single || !(failure instanceof RateLimitException)) {
                // A call's retry, and a wait's after any refusal but a rate limit (a 503's Retry-After),
                // obey the hint as the transport's retries do: up to maxRetryAfter, with jitter.
                retryIn(failure, plan.failureBackoff().afterHint(hint).toNanos());
                return;
            }
            // A refusal means slow down: a hint shorter than the wait's own interval (Retry-After: 0)
            // is no leave to ask faster than the wait was asking.
            if (hint.compareTo(interval) < 0) {
                retryIn(failure, interval.plus(plan.failureBackoff().backoff(1)).toNanos());
                return;
            }
            // A wait obeys the service's hint however long (an RPC session's window can ask for an
            // hour), plus the first backoff's jitter; one that would pass the deadline ends now.
            if (passes(plan.scheduler().nanoTime(), hint.toNanos())) {
                fail(hintPastDeadline(plan.service(), hint, attempts, failure));
                return;
            }
            retryIn(failure, hint.plus(plan.failureBackoff().backoff(1)).toNanos());
        }

        /**
         * When to ask the gate again after it said to {@code wait}. Behind a request in flight (of
         * this client, or of another as a shared store says) that is only a re-check time, not the
         * turn, which may come any moment: a wait it would take past the deadline, or to less than
         * {@link #LAST_READ_LEAD} before it, asks again at half the time left instead (while that is
         * at least {@link #LAST_READ_LEAD}), rather than give up as if its turn came too late (a
         * retrieve behind a held long-poll failed at once, its turn 0.1 s away) or send its read with
         * too little time left for the trip (a 2.05-s timeout sent it at 2 s).
         */
        private long askAgainIn(RequestGate.Wait wait, long now) {
            long nanos = wait.nanos();
            if (!wait.behindRequestInFlight() || !passes(now, nanos + LAST_READ_LEAD.toNanos())) {
                return nanos;
            }
            long half = (deadlineNanos - now) / 2;
            return half >= LAST_READ_LEAD.toNanos() ? Math.min(half, nanos) : nanos;
        }

        /**
         * How much of the pace's floor is left {@code sinceStartNanos} after a read started, where the
         * session's gate does not keep it (Dokai's waits have no gate interval; Dock's and Roblox's gates
         * keep their service's minimum): the least delay before the wait's next read; 0 when none is left.
         */
        private long floorLeft(long sinceStartNanos) {
            if (plan.pace().floor().compareTo(plan.gate().minInterval()) <= 0) {
                return 0;
            }
            return Math.max(0, plan.pace().floor().toNanos() - sinceStartNanos);
        }

        /**
         * Tries again after {@code delayNanos}. A call of {@link #once} whose retry would pass its
         * timeout ends now with {@code failure}, its retry neither made nor told.
         */
        private void retryIn(VerifyKitException failure, long delayNanos) {
            if (!single && atRequestLimit()) {
                // the wait's own request limit allows no retry: it ends now, not after the retry's delay,
                // with the failure (a 429's hint) as its cause, which no request of the wait will change
                fail(requestLimitReached(failure));
                return;
            }
            if (capUsed()) { // nor the session's poll cap: its next turn would end it, after the delay
                fail(capReached(failure));
                return;
            }
            delayNanos = Math.max(delayNanos, attempt.leastRetryDelay().toNanos());
            if (!single) {
                // a wait's next read keeps the pace's floor after the failed read's start, as after a pending
                // answer: a backoff drawn from 0 ms, or a Retry-After: 0, is no leave to read sooner than the
                // minimum; a single call retries as the transport's calls do
                delayNanos = Math.max(delayNanos, floorLeft(plan.scheduler().nanoTime() - attemptStartNanos));
            }
            if (single && passes(plan.scheduler().nanoTime(), delayNanos)) {
                fail(failure);
                return;
            }
            retrying(failure, delayNanos);
            later(delayNanos);
        }

        /** Whether the wait made the requests its {@code WaitOptions.maxRequests} allows: none follows. */
        private boolean atRequestLimit() {
            return attempts >= plan.maxRequests();
        }

        /**
         * What a wait ends with once it made the requests its {@code WaitOptions.maxRequests} allows, the
         * last one's {@code failure} (or {@code null}) as its cause.
         */
        private PollCapException requestLimitReached(VerifyKitException failure) {
            return new PollCapException(plan.service(), "WaitOptions.maxRequests", plan.maxRequests(), attempts, failure);
        }

        /** The session's poll cap is used up: its gate refuses every further read (the count only grows). */
        private boolean capUsed() {
            return plan.gate().used() >= plan.gate().cap();
        }

        /**
         * What a wait ends with once the session's poll cap is used up, the last read's {@code failure}
         * (or {@code null}) as its cause.
         */
        private PollCapException capReached(VerifyKitException failure) {
            return new PollCapException(plan.service(), plan.gate().cap(), attempts, failure);
        }

        /**
         * A failure will be tried again after {@code delayNanos}: reported, and for a call of
         * {@link #once}, told when that attempt starts (not when the gate's turn comes too late).
         */
        private void retrying(VerifyKitException failure, long delayNanos) {
            report(CallTrace.reason(failure), delayNanos);
            once.retrying(failure);
        }

        private void later(long delayNanos) {
            if (over()) {
                return;
            }
            if (delayNanos > 0 && passes(plan.scheduler().nanoTime(), delayNanos)) {
                giveUp(delayNanos);
                return;
            }
            if (inline != null) {
                inline.submit(delayNanos, this::fire);
                return;
            }
            if (delayNanos <= 0) {
                fire();
                return;
            }
            timer = plan.scheduler().schedule(Duration.ofNanos(delayNanos), () -> handOff(this::fire));
            if (over()) {
                timer.cancel();
            }
        }

        /**
         * The deadline passes before the next request could start ({@code delayNanos} from now). A
         * call of {@link #once} ends as the transport ends a call whose retry would pass its
         * timeout: with its last failure, or, when nothing was sent, with a {@link WaitTimeoutException}
         * when its gate's turn comes too late, and as the transport ends an attempt whose timeout its
         * listeners took (a {@link TransportException}, "its timeout passed before it was sent") when
         * the timeout was gone before the request could leave ({@code delayNanos} 0: a listener told of
         * the call, a guardrail store answering at the deadline, a timer late), its turn come or not
         * asked. A wait stopped by its session's deadline ends as the session ended, when its attempt
         * knows ({@link #endedWithSession}).
         */
        private void giveUp(long delayNanos) {
            if (endedWithSession()) {
                return;
            }
            if (single && lastFailure != null) {
                fail(lastFailure);
                return;
            }
            if (single && attempts == 0 && delayNanos <= 0) {
                fail(HttpTransport.notSentInTime(plan.service(), operation()));
                return;
            }
            if (single && attempts == 0) {
                fail(new WaitTimeoutException(plan.service(), plan.service().label() + ": "
                        + operation() + ": its timeout passes before the"
                        + " next request is allowed (in " + Duration.ofNanos(delayNanos).toMillis() + " ms); nothing was sent",
                        0, null));
                return;
            }
            String reason = lastFailure == null ? "" : "; last failure: " + lastFailure.getMessage();
            fail(new WaitTimeoutException(plan.service(), plan.service().label()
                    + ": the wait reached its deadline after " + attempts + " requests" + reason, attempts, lastFailure));
        }

        /**
         * Ends a wait that its session's deadline stops (not its caller's: {@link WaitPlan#sessionsDeadline()})
         * with the session's end as the attempt tells it ({@link Attempt#atSessionsDeadline}), when it
         * does: the session is over by then, so the wait has its outcome, not a timeout nobody asked for.
         */
        private boolean endedWithSession() {
            if (single || !plan.sessionsDeadline()) {
                return false;
            }
            T ended;
            try {
                // not the deadline: a wait given up before it (its next request would come past it) may
                // end while the session still lives, and a session not yet ended has no outcome to tell
                ended = attempt.atSessionsDeadline(plan.scheduler().nanoTime());
            } catch (RuntimeException e) {
                fail(Unexpected.wrap(plan.service(), "the wait", e));
                return true;
            }
            if (ended == null) {
                return false;
            }
            succeed(ended);
            return true;
        }

        /** {@link #report}'s next request when none follows: the wait ends at its request limit. */
        private static final long NO_REQUEST = Long.MIN_VALUE;

        private void report(String status, long nextNanos) {
            if (plan.listener() == null && observed == null) {
                return;
            }
            long now = plan.scheduler().nanoTime();
            // the wait ends at the session's end when the answers told one (or after one read past it)
            Long end = progressEnd;
            long left = hasDeadline ? deadlineNanos - now : Long.MAX_VALUE;
            if (end != null) {
                left = Math.min(left, end - now); // readings compared by difference
            }
            Optional<Duration> remaining = hasDeadline || end != null
                    ? Optional.of(Duration.ofNanos(Math.max(0, left))) : Optional.empty();
            // a next request at or past the deadline is none: the wait gives up then (later, step), sending nothing
            boolean none = nextNanos == NO_REQUEST || passes(now, Math.max(0, nextNanos));
            WaitProgress progress = WaitProgress.builder().attempts(attempts).pollsUsed(plan.gate().used()).pollCap(cap())
                    .elapsed(Duration.ofNanos(now - startNanos)).remaining(remaining).lastStatus(status)
                    .nextRequestIn(none ? Optional.empty() : Optional.of(Duration.ofNanos(Math.max(0, nextNanos))))
                    .build();
            if (observed != null) {
                tellProgress(progress);
            }
            if (plan.listener() == null) {
                return;
            }
            try {
                plan.listener().onProgress(progress);
            } catch (Throwable listenerFailure) {
                // A listener's failure (an assertion in a test's listener too) must not end the wait.
            }
        }

        /**
         * Tells the client's listener of the wait's progress, unless its end is being told: an end that
         * comes meanwhile (its caller's cancel, on another thread) is told after it, by this thread, so
         * that nothing of the wait is told after its end and neither thread waits for the other.
         */
        private void tellProgress(WaitProgress progress) {
            synchronized (attemptLock) {
                if (endChosen) {
                    return;
                }
                progressTelling++;
            }
            try {
                plan.events().onWaitProgress(observed, progress);
            } finally {
                Runnable end;
                synchronized (attemptLock) {
                    progressTelling--;
                    end = progressTelling == 0 ? endAfterProgress : null;
                    if (end != null) {
                        endAfterProgress = null;
                    }
                }
                if (end != null) {
                    end.run();
                }
            }
        }

        private OptionalInt cap() {
            return plan.gate().capped() ? OptionalInt.of(plan.gate().cap()) : OptionalInt.empty();
        }

        /**
         * Tells the client's listener how the wait ended, once. {@code byCaller}: its caller ended it
         * (completed or cancelled its future), so it is cancelled, whatever it was completed with, or
         * timed out for a {@link TimeoutException} (a timeout of the caller's own, {@code orTimeout}).
         */
        private void tellEnd(Throwable error, boolean byCaller) {
            if (observed == null) {
                return;
            }
            synchronized (attemptLock) {
                if (attemptRunning) { // its caller's end, as a call is being started: told once it was stopped
                    if (endHeld == null) {
                        endHeld = () -> tellEnd(error, byCaller);
                    }
                    return;
                }
                if (progressTelling > 0) { // told by the thread telling the progress, once it has
                    if (endAfterProgress == null) {
                        endAfterProgress = () -> tellEnd(error, byCaller);
                    }
                    return;
                }
                endChosen = true;
            }
            CompletableFuture<?> ending = callEnding;
            if (ending != null && !ending.isDone()) {
                ending.whenComplete((value, failure) -> tellEnd(error, byCaller)); // after its call's end
                return;
            }
            if (!endTold.compareAndSet(false, true)) {
                return;
            }
            Throwable cause = error == null ? null : Futures.unwrap(error);
            if (byCaller && cause instanceof TimeoutException) {
                cause = new WaitTimeoutException(plan.service(), plan.service().label() + ": the wait's caller timed it out"
                        + " (a TimeoutException) after " + attempts + " requests", attempts, cause);
            }
            VerifyKitException failure = cause instanceof VerifyKitException known ? known : null;
            WaitOutcome outcome = cause instanceof WaitTimeoutException ? WaitOutcome.TIMED_OUT
                    : byCaller || cause instanceof WaitCancelledException || cause instanceof CancellationException
                            ? WaitOutcome.CANCELLED
                    : cause == null ? WaitOutcome.COMPLETED
                    : cause instanceof PollCapException cap ? cap.option().isPresent() ? WaitOutcome.REQUEST_LIMIT
                            : WaitOutcome.POLL_CAP
                    : WaitOutcome.FAILED;
            plan.events().onWaitEnd(observed, WaitEnd.builder().outcome(outcome).attempts(attempts)
                    .pollsUsed(plan.gate().used()).pollCap(cap())
                    .duration(Duration.ofNanos(plan.scheduler().nanoTime() - startNanos))
                    .failure(Optional.ofNullable(failure)).build());
        }

        // The wait's end is told before the future completes, so a caller that has the result
        // (or the failure) already finds the end told: a span ended, a gauge lowered; but for a wait
        // ended (by its caller, a close, cancelWaits) while its attempt runs, whose future ends at
        // once and whose end is told once that attempt's call was stopped. This engine ends the wait
        // with succeed or fail; complete, completeExceptionally and cancel are its caller's.

        /** The wait has its result; when its caller ended it first, its end is told as the caller's. */
        private void succeed(T value) {
            if (!isDone()) {
                settled.compareAndSet(null, new Settled<>(value, null));
                tellEnd(null, false);
            }
            super.complete(value);
        }

        /** The wait failed, or gave up; when its caller ended it first, its end is told as the caller's. */
        private void fail(Throwable error) {
            if (!isDone()) {
                settled.compareAndSet(null, new Settled<>(null, error));
                tellEnd(error, false);
            }
            super.completeExceptionally(error);
        }

        /** What the engine ended a wait with: its value, or its failure when not {@code null}. */
        private record Settled<T>(T value, Throwable error) {}

        @Override
        public boolean complete(T value) {
            endByCaller(null);
            return super.complete(value);
        }

        @Override
        public boolean completeExceptionally(Throwable error) {
            endByCaller(error);
            return super.completeExceptionally(error);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            endByCaller(new CancellationException());
            return super.cancel(mayInterruptIfRunning);
        }

        /**
         * The caller ends the wait: its call in flight is stopped first, so that the call's end (a
         * cancelled call, a stream's close) is told while the wait is still open, inside its span.
         */
        private void endByCaller(Throwable error) {
            if (isDone()) {
                return;
            }
            ending = true;
            try {
                stopInFlight();
            } finally {
                tellEnd(error, true);
            }
        }

        /**
         * Cancels a request of the wait, unless its end is being told already (an attempt's future
         * refuses a cancel then): the wait's end then follows it ({@link #callEnding}).
         */
        private void cancel(CompletableFuture<?> request) {
            if (!request.cancel(true) && !request.isDone()) {
                callEnding = request;
            }
        }

        /** Stops the request in flight, the timer and the gate's turn: each, whatever the one before threw. */
        private void stopInFlight() {
            try {
                CompletableFuture<Step<T>> request = inFlight;
                if (request != null && !request.isDone()) {
                    cancel(request);
                }
            } finally {
                try {
                    Cancellable pending = timer;
                    if (pending != null) {
                        pending.cancel(); // a Scheduler of the caller's
                    }
                } finally {
                    Runnable abandoned = permit;
                    if (abandoned != null) {
                        tellAbandoned(abandoned); // a GuardrailStore of the caller's, when the client closed
                    }
                }
            }
        }

        /**
         * Tells the gate that the request in flight was abandoned ({@code abandoned}, which does
         * nothing after its first run): where the gate is asked from, so that cancel() never waits
         * for a slow store; but once the client closes, by the close itself (at once when it has
         * closed already), unless the wait threads got to it first. An application closes the
         * guardrail store it gave the client right after the client, and a store closed first refuses
         * the report: the read stayed in flight there, holding its session from every other instance
         * until its lease ended. A report after the close is sent without waiting for the store's
         * answer (a {@code GuardrailStore} is given 1 ns for it), so the close still waits for no store.
         */
        private void tellAbandoned(Runnable abandoned) {
            Executor askFrom = plan.gate().askFrom();
            if (askFrom == null || plan.lifecycle() == null) {
                tellOn(askFrom, abandoned);
                return;
            }
            Runnable forget = plan.lifecycle().onClose(abandoned); // runs it at once when closed already
            Runnable tell = () -> {
                try {
                    abandoned.run();
                } finally {
                    forget.run();
                }
            };
            if (plan.lifecycle().isClosed()) {
                tell.run(); // the close has it too: the first run tells, the other does nothing
            } else {
                tellOn(askFrom, tell);
            }
        }

        /**
         * Runs a report to the gate on {@code executor}, or right here when it refuses it or fails
         * otherwise (wait threads of the caller's: an Error, no thread could be started): a report
         * is never dropped, and a cancel() never throws the executor's failure.
         */
        private static void tellOn(Executor executor, Runnable report) {
            if (executor != null) {
                try {
                    executor.execute(report);
                    return;
                } catch (Throwable refusedOrFailed) {
                    // told right here, as when the client closed
                }
            }
            report.run();
        }
    }

    /**
     * The end of a wait whose service asked it to wait {@code hint} before its next request, past the
     * wait's deadline (the hint shown with its fraction: a date's hint is rarely whole seconds, and
     * "0 s" for 0.4 s read as no wait at all).
     */
    public static WaitTimeoutException hintPastDeadline(Service service, Duration hint, int requests,
            Throwable failure) {
        return new WaitTimeoutException(service, service.label() + ": the service asked to wait "
                + Require.seconds(hint) + " s before the next request, past the wait's deadline; gave up after "
                + requests + " requests", requests, failure);
    }
}
