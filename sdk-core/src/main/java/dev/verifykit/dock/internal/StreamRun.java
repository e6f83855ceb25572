package dev.verifykit.dock.internal;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.ApiException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.Service;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.event.StreamClose;
import dev.verifykit.event.StreamCloseReason;
import dev.verifykit.event.StreamEvent;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.http.EventStreamReader;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.http.internal.ApiRequest;
import dev.verifykit.http.internal.CallTrace;
import dev.verifykit.http.internal.Futures;
import dev.verifykit.http.internal.HttpTransport;
import dev.verifykit.internal.Require;
import dev.verifykit.internal.Unexpected;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.poll.internal.Poller;
import dev.verifykit.poll.internal.WaitPlan;
import dev.verifykit.time.Cancellable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.AsyncTimeout;
import okio.Buffer;
import okio.ByteString;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;

/**
 * One session followed over its event stream until it ends, the events read by an
 * {@link EventStreamReader} (okhttp-sse's, from {@code verifykit-sse}): each stream open is one attempt of
 * the shared waiting engine, so opens keep the session's minimum interval, count against its poll
 * cap (shared with long-polls), honour {@code Retry-After}, back off with jitter after failures and
 * end at the deadline. A stream the server closes is reopened so that opens start at least the
 * minimum interval or the server's {@code retry:} apart (whichever is longer); one that drops
 * after it was healthy (it lived a keep-alive period and carried a line, a keep-alive at least) is
 * reopened the server's {@code retry:}, if any, after the drop, and at least the minimum interval
 * after the previous open. When
 * opens keep failing, the wait goes on with long-polls if the settings allow.
 *
 * <p>The future completes with the terminal session or the failure; listener calls are made one
 * at a time, under the stream's lock, which every end of the stream ({@link #close()}, the
 * terminal state, the failure, the client's close) also takes: so on a thread outside the
 * listener calls of every stream, {@code close()} (the stream's or the client's) waits for a
 * listener call in progress, and none starts after it returns. A thread inside a listener call
 * (so holding that stream's lock) never waits for another stream's lock: two listeners ending
 * each other's streams, or both closing the client, would deadlock. When such a thread finds the
 * stream it ends inside a listener call on another thread, it leaves the end pending and returns;
 * the thread that holds the lock carries it out as it releases it (an end left pending is carried
 * out before anything else is told), so every stream still ends once, its {@code onClosed} told
 * and its future completed. Ending its own stream from a listener call is done at once (the lock is
 * re-entrant). Every close of the client ends each of its streams that has not ended, so a close
 * on a thread that may wait returns only once they all have, an end left pending by another
 * thread included.
 */
final class StreamRun extends CompletableFuture<DockSession> implements SessionStream {
    private static final String ENDPOINT = "GET /v2/sessions/{id}/stream";
    private static final System.Logger LOG = System.getLogger("dev.verifykit.sse");

    private final DefaultDockClient dock;
    private final HttpTransport transport;
    private final Duration silence;
    private final EventStreamReader reader;
    private final StreamSettings settings;
    private final String sessionId;
    private final WaitOptions options;
    private final SessionListener listener;
    /**
     * How many streams' locks this thread holds: more than none inside a listener call, where it
     * must never wait for another stream's lock.
     */
    private static final ThreadLocal<int[]> LOCKS_HELD = ThreadLocal.withInitial(() -> new int[1]);

    private final ReentrantLock lock = new ReentrantLock();
    /** An end asked for by a thread that could not wait for the lock; carried out by the lock's next holder. */
    private final AtomicReference<End> pendingEnd = new AtomicReference<>();
    private volatile boolean ended;
    private boolean onErrorFailureLogged;
    /**
     * The terminal state being told (set under the lock): a failure arising meanwhile, the client
     * closed by the listener in {@code onTerminal}, say, does not turn the completed session into one.
     */
    private boolean finishing;
    /** The last failure told to {@code onError} as its stream dropped (under the lock): not told again as the wait's. */
    private VerifyKitException lastStreamError;
    private DockSession lastDelivered;
    private volatile String lastEventId;
    /**
     * The last valid {@code retry:} of any of this run's streams, -1 for none: the event source's
     * reconnection time, which lasts across reconnections (as the SSE specification says).
     */
    private volatile long retryMillis = -1;
    /** The longest event id sent back as {@code Last-Event-ID}. */
    static final int MAX_EVENT_ID = 1024;
    /** The stream opens made so far: the wait's requests, for a fallback's share of its limit. */
    private volatile int opens;
    /** The id of the stream's wait as its listener was told ({@link Poller.Attempt#started}), 0 when not told. */
    private volatile long waitId;
    private volatile CompletableFuture<?> current;
    /** The long-polls the wait went on with after its opens failed, or {@code null}. */
    private volatile CompletableFuture<DockSession> longPolls;
    /** Whether its caller completed the stream with a {@link TimeoutException} ({@code orTimeout}). */
    private volatile boolean timedOutByCaller;
    /** When the stream's wait began (its scheduler's {@code nanoTime}): its progress counts from then. */
    private final long startNanos;

    private StreamRun(DefaultDockClient dock, Duration silence, EventStreamReader reader,
            StreamSettings settings, String sessionId, WaitOptions options, SessionListener listener) {
        this.dock = dock;
        this.transport = dock.transport();
        this.silence = silence;
        this.reader = reader;
        this.settings = settings;
        this.sessionId = sessionId;
        this.options = options;
        this.listener = listener;
        this.startNanos = transport.scheduler().nanoTime();
    }

    /**
     * Starts following a session; the plan is resolved (and the input checked) before returning.
     *
     * @param blocking whether the caller then blocks on the stream's future on this thread
     *     ({@link Futures#join}): an interrupt of the thread ends the stream's wait before its next
     *     open, and one interrupted already opens nothing ({@link Poller#startBlocking})
     */
    static StreamRun start(DefaultDockClient dock, Duration silence, EventStreamReader reader,
            StreamSettings settings, String sessionId, WaitOptions options, SessionListener listener, boolean blocking) {
        dock.transport().lifecycle().checkOpen(ENDPOINT);
        String id = DefaultDockClient.checkId(sessionId);
        StreamRun run = new StreamRun(dock, silence, reader, settings, id, options, listener);
        // the settings count the failed opens that give streaming up; the plan, those ridden out before it
        WaitPlan plan = dock.waitPlan(id, options).withMaxConsecutiveFailures(settings.maxConsecutiveFailures() - 1);
        Poller.Attempt<DockSession> open = new Poller.Attempt<>() {
            @Override
            public CompletableFuture<Poller.Step<DockSession>> run(Poller.Turn turn) {
                return run.open(turn);
            }

            @Override
            public void started(long waitId) {
                run.waitId = waitId; // before any open: the long-polls it may go on with carry on its wait
            }

            @Override
            public Duration leastRetryDelay() {
                return run.reconnectTime(run.retryMillis); // a failed open or a broken stream waits it too
            }
        };
        WaitPlan observed = plan.observedAs("dock.stream");
        run.follow(blocking ? Poller.startBlocking(observed, open) : Poller.start(observed, open), plan);
        // The wait's own close hook ends the stream too; this one is run by every close of the client,
        // so that a close that may wait returns only once the stream has ended (see the class comment).
        Runnable forget = dock.transport().lifecycle().onWaitsCancelled(run::clientClosed);
        run.whenComplete((session, error) -> forget.run());
        run.whenComplete((session, error) -> { // completed by its caller too: the stream ends
            // its caller's timeout (orTimeout) ends the stream's wait timed out, as it ends an engine's wait
            run.timedOutByCaller = Futures.unwrap(error) instanceof TimeoutException;
            run.close();
        });
        return run;
    }

    /** The requests of the stream's wait so far: its opens, and the long-polls it went on with. */
    int requests() {
        CompletableFuture<DockSession> fallback = longPolls;
        return fallback == null ? opens : opens + Poller.attempts(fallback);
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public boolean isOpen() {
        return !ended && pendingEnd.get() == null;
    }

    @Override
    public void close() {
        end(() -> {
            if (ended) {
                // ended by a close on another thread that may not have stopped the stream's wait yet (it
                // does so once the lock is released): stopped by this close too before it returns
                return this::stopCurrent;
            }
            ended = true;
            tellClosed();
            return () -> {
                stopCurrent(); // the connection cancelled before the future's dependents run
                super.cancel(false);
            };
        });
    }

    /**
     * The client closed, or its waits were cancelled (its application shutting down): the stream ends
     * as its wait does, with a {@link WaitCancelledException}.
     */
    private void clientClosed() {
        boolean closed = dock.transport().lifecycle().isClosed();
        fail(new WaitCancelledException(Service.DOCK, requests(), closed ? "the client was closed"
                : "the client's waits were cancelled (its application is shutting down)", closed));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = !isDone();
        close();
        return cancelled && isCancelled();
    }

    private void follow(CompletableFuture<DockSession> wait, WaitPlan plan) {
        carry(wait, failure -> {
            if (settings.fallbackToLongPoll() && RetryPolicy.isRetryable(failure) && !isDone()) {
                fallBack(plan, failure);
            } else {
                fail(failure);
            }
        });
    }

    /**
     * Makes {@code wait} the stream's current one (cancelled at once when the stream has ended): its
     * session finishes the stream, and a failure other than its cancel goes to {@code failed}.
     */
    private void carry(CompletableFuture<DockSession> wait, Consumer<Throwable> failed) {
        current = wait;
        if (ended || isDone()) {
            wait.cancel(true);
            return;
        }
        wait.whenComplete((session, error) -> {
            if (error == null) {
                finish(session);
            } else if (!(error instanceof CancellationException)) {
                failed.accept(Futures.unwrap(error));
            }
        });
    }

    /**
     * Goes on with long-polls under the caller's options: the same deadline (the stream's wait's, as
     * a reading of the monotonic clock: a wall-clock step since the stream began moves it neither
     * way), interval, failures in a row and listener, and what is left of its request limit after
     * the opens (none left: the opens' failure ends the wait).
     */
    private void fallBack(WaitPlan plan, Throwable failure) {
        WaitOptions.Builder rest = WaitOptions.builder();
        if (options.maxRequests().isPresent()) {
            int left = options.maxRequests().getAsInt() - opens;
            if (left < 1) {
                fail(failure);
                return;
            }
            rest.maxRequests(left);
        }
        options.pollInterval().ifPresent(rest::pollInterval);
        options.maxConsecutiveFailures().ifPresent(rest::maxConsecutiveFailures);
        // The last open's refusal may say when to ask again (a 503's Retry-After, obeyed up to maxRetryAfter,
        // a 429's however long), as the wait's own next open would have: the long-polls start after it (the
        // session's gate keeps only its interval), and a hint past the wait's deadline ends the wait now.
        Duration hold = holdAfter(failure);
        if (hold.isZero()) {
            startLongPolls(plan, rest);
            return;
        }
        Long deadline = plan.deadlineNanos();
        if (deadline != null && transport.scheduler().nanoTime() + hold.toNanos() - deadline >= 0) {
            fail(Poller.hintPastDeadline(Service.DOCK, hold, opens, failure));
            return;
        }
        CompletableFuture<Void> held = new CompletableFuture<>();
        current = held; // a close now cancels it, and its timer
        if (ended || isDone()) {
            return;
        }
        Cancellable timer;
        try {
            timer = transport.scheduler().schedule(hold, () -> held.complete(null));
        } catch (Throwable refused) {
            // a scheduler of the caller's refusing it (shut down), or failing with an Error: that reaches the
            // future with it as the cause, as when it refuses a wait's timer (thrown on, it would be lost)
            fail(refused);
            return;
        }
        held.whenComplete((ignored, cancelled) -> {
            if (cancelled != null) {
                timer.cancel();
                return;
            }
            try {
                startLongPolls(plan, rest);
            } catch (Throwable e) {
                // on the timer's thread: thrown into the hold's completion, it would be lost, the stream left pending
                fail(e);
            }
        });
    }

    /** How long the last open's refusal asked to wait before the next read: none without a hint. */
    private Duration holdAfter(Throwable failure) {
        Duration hint = failure instanceof ApiException refused ? refused.retryAfter().orElse(null) : null;
        if (hint == null || hint.isNegative() || hint.isZero()) {
            return Duration.ZERO;
        }
        // a rate limit's hint however long (as a wait obeys it); any other's up to maxRetryAfter, as retries do
        return failure instanceof RateLimitException ? hint : transport.settings().retryPolicy().afterHint(hint);
    }

    private void startLongPolls(WaitPlan plan, WaitOptions.Builder rest) {
        // the caller's listener follows one wait: the long-polls' progress counts on from the opens (their
        // requests and time), as the wait's exception does (asTheWaits)
        int opened = opens;
        Duration before = Duration.ofNanos(transport.scheduler().nanoTime() - startNanos);
        options.listener().ifPresent(caller -> rest.listener(progress -> caller.onProgress(progress.toBuilder()
                .attempts(progress.attempts() + opened).elapsed(progress.elapsed().plus(before)).build())));
        // Started under the stream's lock, as every end of it is: a close() either comes first (and no
        // long-poll starts) or waits for this start and then cancels them (current). Checked and started
        // apart, a close() returning in between left the long-polls to start after it, a read of the
        // session admitted (its poll cap spent) once the stream was closed.
        locked(() -> {
            if (ended || isDone()) {
                return;
            }
            // told as carrying on the stream's wait: started here, on one of the client's threads, it would
            // otherwise be found in no context of the caller's (a trace of its own); a listener told of the
            // start may close the stream on this thread (the lock is its), and carry then cancels them
            longPolls = dock.carryOn(sessionId, rest.build(), plan, waitId);
            carry(longPolls, stop -> fail(asTheWaits(stop)));
        });
    }

    /**
     * A stop of the long-polls at a poll cap, at the deadline or by a cancel, told as the whole wait's:
     * its requests the opens' and the long-polls' (every open counted against the session's cap too),
     * in {@code attempts()} and in a timeout's "after N requests"; at what was left of the caller's
     * request limit, that limit as the caller set it.
     */
    private Throwable asTheWaits(Throwable error) {
        if (error instanceof WaitTimeoutException timeout) {
            int polls = timeout.attempts();
            String counted = "after " + polls + " requests";
            String message = timeout.getMessage().replace(counted, "after " + (polls + opens) + " requests ("
                    + opens + " stream opens, then " + polls + " long-polls)");
            return new WaitTimeoutException(Service.DOCK, message, polls + opens, timeout.getCause());
        }
        if (error instanceof WaitCancelledException cancelled) {
            int requests = cancelled.attempts() + opens;
            String plain = Service.DOCK.label() + ": the wait was cancelled";
            String message = cancelled.getMessage();
            return message != null && message.startsWith(plain + ": ")
                    ? new WaitCancelledException(Service.DOCK, requests, message.substring(plain.length() + 2),
                            cancelled.clientClosed())
                    : new WaitCancelledException(Service.DOCK, requests);
        }
        if (!(error instanceof PollCapException cap)) {
            return error;
        }
        if (cap.option().isPresent() && options.maxRequests().isPresent()) {
            return new PollCapException(Service.DOCK, cap.option().get(), options.maxRequests().getAsInt(),
                    cap.attempts() + opens, cap.getCause());
        }
        return new PollCapException(cap, cap.attempts() + opens);
    }

    private void finish(DockSession session) {
        end(() -> {
            if (ended) {
                return null;
            }
            finishing = true;
            deliver(session);
            if (ended) {
                return null; // the listener closed the stream as it heard the state, and heard onClosed: no call follows
            }
            tell(() -> listener.onTerminal(session), "onTerminal");
            if (ended) {
                return null; // the listener closed the stream meanwhile, and heard onClosed
            }
            ended = true;
            tellClosed();
            return () -> complete(session);
        });
    }

    private void fail(Throwable error) {
        VerifyKitException failure = Unexpected.wrap(Service.DOCK, "the session stream", error);
        end(() -> {
            if (ended || finishing) {
                return null; // ended, or ending with its terminal state (the listener closed the client as it heard it)
            }
            if (failure != lastStreamError) { // a stream's fatal failure, told as it dropped, is told once
                report(failure);
            }
            if (ended) {
                return null; // the listener closed the stream meanwhile, and heard onClosed
            }
            ended = true;
            tellClosed();
            return () -> completeExceptionally(failure);
        });
    }

    /** An end of the stream: run with the lock held, it tells the listener and says what to do once the lock is released. */
    @FunctionalInterface
    private interface End {
        /** @return what to run after the lock is released (completing the future), or {@code null} */
        Runnable run();
    }

    /**
     * Ends the stream (unless it has ended), waiting for a listener call in progress on another
     * thread, except on a thread that is itself inside a listener call: there the end is left
     * pending, for the thread in this stream's listener call to carry out when it leaves it.
     */
    private void end(End end) {
        if (!lock.tryLock()) {
            if (LOCKS_HELD.get()[0] > 0) {
                pendingEnd.compareAndSet(null, end); // when one is pending already, the stream ends by it
                runPending(); // the holder may have released the lock before the end was left
                return;
            }
            lock.lock();
        }
        runLocked(end);
        runPending();
    }

    /** Runs {@code action} (when not null) under the lock, an end left pending first, e.g. a listener call. */
    private void locked(Runnable action) {
        lock.lock();
        runLocked(() -> {
            action.run();
            return null;
        });
        runPending();
    }

    /**
     * With the lock just taken: carries out an end left pending, then {@code action}; releases the
     * lock, then completes what they ended.
     */
    private void runLocked(End action) {
        int[] held = LOCKS_HELD.get();
        held[0]++;
        Runnable afterPending;
        Runnable after;
        try {
            End left = pendingEnd.getAndSet(null);
            afterPending = left == null ? null : left.run();
            after = action == null ? null : action.run();
        } finally {
            held[0]--;
            lock.unlock();
        }
        if (afterPending != null) {
            afterPending.run();
        }
        if (after != null) {
            after.run();
        }
    }

    /**
     * Carries out an end left pending, when the lock is free; called after every release of the
     * lock, so that an end left while a thread held it is carried out once it is released. A thread
     * still holding the lock (a nested call) leaves it to its outer release.
     */
    private void runPending() {
        while (pendingEnd.get() != null && !lock.isHeldByCurrentThread() && lock.tryLock()) {
            runLocked(null);
        }
    }

    private void stopCurrent() {
        CompletableFuture<?> running = current;
        if (running != null) {
            if (timedOutByCaller) {
                running.completeExceptionally(new TimeoutException()); // told timed out, not cancelled
            }
            running.cancel(true);
        }
    }

    /** Tells the listener of a state it has not heard yet. Call with the lock held. */
    private void deliver(DockSession session) {
        if (!session.equals(lastDelivered)) {
            lastDelivered = session;
            tell(() -> listener.onSession(session), "onSession");
        }
    }

    private void onStreamedSession(DockSession session) {
        locked(() -> {
            if (!ended) {
                deliver(session);
            }
        });
    }

    private void onStreamError(VerifyKitException error) {
        locked(() -> {
            if (!ended) {
                lastStreamError = error;
                report(error);
            }
        });
    }

    /**
     * Tells the listener of a failure. When {@code onError} itself throws, there is no one left to
     * tell: that is logged once per stream (at WARNING) and the stream goes on.
     */
    private void report(VerifyKitException error) {
        try {
            listener.onError(error);
        } catch (Throwable listenerFailure) {
            if (!onErrorFailureLogged) {
                onErrorFailureLogged = true;
                LOG.log(System.Logger.Level.WARNING, "dock: the session listener's onError threw "
                        + listenerFailure.getClass().getName() + " for session " + sessionId
                        + "; the stream goes on (logged once per stream)", listenerFailure);
            }
        }
    }

    /**
     * Tells the listener the stream closed: its last call, so what {@code onClosed} throws is logged
     * (at WARNING), not reported to {@code onError}, which would be a call after it.
     */
    private void tellClosed() {
        try {
            listener.onClosed();
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "dock: the session listener's onClosed threw "
                    + e.getClass().getName() + " for session " + sessionId + "; ignored (no call follows onClosed)", e);
        }
    }

    /** Calls the listener; anything it throws (an {@link Error} too) is reported to its {@code onError}. */
    private void tell(Runnable call, String method) {
        try {
            call.run();
        } catch (Throwable e) {
            if (ended) {
                // the listener closed its stream in this call, and heard onClosed: no call follows it
                LOG.log(System.Logger.Level.WARNING, "dock: the session listener's " + method + " threw "
                        + e.getClass().getName() + " for session " + sessionId + " after closing its stream; ignored"
                        + " (no call follows onClosed)", e);
                return;
            }
            report(new VerifyKitException(Service.DOCK, "dock: the session listener's " + method + " threw "
                    + e.getClass().getName(), null, e));
        }
    }

    private CompletableFuture<Poller.Step<DockSession>> open(Poller.Turn turn) {
        opens = turn.number();
        return new Attempt(turn).start();
    }

    /**
     * The server's {@code retry:}, or none; the session's gate keeps the minimum poll interval
     * from the previous open's head on top of it (so {@code retry: 0} means the interval). A
     * value past the retry policy's {@code maxRetryAfter} is shortened to it (as a wait's
     * {@code Retry-After} after a 503 is): a server asking for hours would otherwise end a wait
     * with a deadline at once, and leave one without a deadline stalled.
     */
    private Duration reconnectTime(long retryMillis) {
        if (retryMillis < 0) {
            return Duration.ZERO;
        }
        Duration cap = transport.settings().retryPolicy().maxRetryAfter();
        return retryMillis >= cap.toMillis() ? cap : Duration.ofMillis(retryMillis);
    }

    /** One stream open, from the request to the end of the stream. */
    private final class Attempt extends CompletableFuture<Poller.Step<DockSession>> implements Callback {
        private final Poller.Turn turn;
        private final ApiRequest request;
        private final CallTrace trace;
        private final AtomicBoolean closeTold = new AtomicBoolean();
        /** Set by the first of: OkHttp's answer (a head or a failure), or the deadline passing before either. */
        private final AtomicBoolean answered = new AtomicBoolean();
        private volatile StreamEvent opened;
        private volatile int eventsRead;
        private volatile Call call;
        private volatile Cancellable deadline;
        private volatile boolean deadlineReached;
        private long startedNanos;
        private volatile long headNanos;

        Attempt(Poller.Turn turn) {
            this.turn = turn;
            ApiRequest open = ApiRequest.get(ENDPOINT, "v2", "sessions", sessionId, "stream")
                    .withHeader("Accept", "text/event-stream")
                    .withHeader("Cache-Control", "no-cache")
                    // asked uncompressed, so that OkHttp does not inflate it: its inflater reads on while
                    // the bytes inflate to nothing (empty deflate blocks), out of reach of the check that
                    // takes a stream of bytes but no line for dead (RetryFieldSource)
                    .withHeader("Accept-Encoding", "identity");
            String last = lastEventId;
            this.request = (last == null ? open : open.withHeader("Last-Event-ID", last)).withSendBy(turn.sendBy());
            this.trace = transport.trace(request, turn.waitId());
        }

        /**
         * Taken by the first of the open's end (told on the thread that has it) and a cancel: once the
         * end is being told, a cancel comes too late and the attempt completes with that end a moment
         * later, so that the wait's end is never told before its open's.
         */
        private final AtomicBoolean settled = new AtomicBoolean();

        // The open's end is told before the attempt completes, so before the wait's end is told.
        @Override
        public boolean complete(Poller.Step<DockSession> step) {
            if (!settled.compareAndSet(false, true)) {
                return false;
            }
            ended(null);
            return super.complete(step);
        }

        @Override
        public boolean completeExceptionally(Throwable error) {
            if (!settled.compareAndSet(false, true)) {
                return false;
            }
            ended(error);
            return super.completeExceptionally(error);
        }

        /** Tells the listener the open's call ended (and its stream closed, when it was open). */
        private void ended(Throwable error) {
            // settle() told how a stream that ended by itself closed; this is a cancel or a surprise.
            Throwable cause = error == null ? null : Futures.unwrap(error);
            streamClosed(cause instanceof CancellationException ? StreamCloseReason.CANCELLED : StreamCloseReason.BROKEN);
            trace.ended(error);
        }

        /** Tells the listener the stream closed, once, if it opened. */
        private void streamClosed(StreamCloseReason reason) {
            StreamEvent stream = opened;
            if (stream != null && closeTold.compareAndSet(false, true)) {
                transport.listener().onStreamClose(stream, StreamClose.builder().reason(reason).events(eventsRead)
                        .duration(Duration.ofNanos(transport.scheduler().nanoTime() - headNanos)).build());
            }
        }

        Attempt start() {
            startedNanos = transport.scheduler().nanoTime();
            Call started = transport.newWaitCall(request, trace.headers(), silence);
            // OkHttp's call timeout (from when the dispatcher runs the call) bounds the open until its
            // head and any refusal's body are read: a head trickled a byte at a time, or endless interim
            // responses, each within the read timeout, would hold the stream till the wait's deadline.
            // The stream itself then runs until its end, its silence or its deadline (below).
            // (Only when that timeout can be ended at the head, as OkHttp's is: else none, as before.)
            if (started.timeout() instanceof AsyncTimeout) {
                started.timeout().timeout(transport.settings().connectTimeout().plus(silence).toNanos(), TimeUnit.NANOSECONDS);
            } else {
                started.timeout().clearTimeout();
            }
            // the wait's deadline holds from its turn, whatever the listeners told of the open took
            long by = turn.deadlineNanos();
            VerifyKitException late = transport.attemptStarted(trace, request, by);
            if (late != null) {
                transport.ended(started); // never enqueued
                fail(late);
                return this;
            }
            call = started;
            if (by != Long.MAX_VALUE) {
                try {
                    deadline = transport.scheduler().schedule(Duration.ofNanos(by - transport.scheduler().nanoTime()), () -> {
                        deadlineReached = true;
                        started.cancel();
                        // A call still queued for a free slot of the dispatcher is told its cancel only once
                        // it gets one, which may be long after the deadline: the open ends here instead.
                        if (answered.compareAndSet(false, true)) {
                            cutByDeadline();
                        }
                    });
                } catch (Throwable refused) {
                    // a scheduler of the caller's refusing the timer (shut down): the open, told started,
                    // ends failed before it is sent, told as any failure
                    transport.ended(started); // never enqueued
                    fail(Unexpected.wrap(Service.DOCK, ENDPOINT, refused));
                    return this;
                }
            }
            started.enqueue(this);
            if (isDone()) {
                started.cancel();
            }
            return this;
        }

        @Override
        public void onFailure(Call failed, IOException e) {
            transport.ended(failed);
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            if (deadlineReached) { // the deadline's cancel, whose callback came before its own claim
                cutByDeadline();
                return;
            }
            trace.attemptEnded(null, null, transport.transportFailure(request, e, failed.isCanceled(), headLimit()));
            settle(null, transport.transportFailure(request, e, failed.isCanceled(), headLimit()), -1, false);
        }

        /**
         * The open's time limit until its head (and a refusal's body) is read, OkHttp's call timeout set
         * by {@link #start}, as a message names it.
         */
        private String headLimit() {
            return HttpTransport.limitText("connectTimeout", transport.settings().connectTimeout())
                    + " and the stream's " + HttpTransport.limitText("readTimeout", silence);
        }

        /**
         * The wait's deadline passed before the stream's head came: a failed call, as a long-poll cut by
         * its deadline is. Its end is taken ({@link #settled}) before it is told, as any end of the open
         * is: a cancel coming meanwhile is too late, so the wait's end follows this call's end.
         */
        private void cutByDeadline() {
            if (!settled.compareAndSet(false, true)) {
                return; // cancelled first: the cancel told the call's end
            }
            TransportException late = transport.transportFailure(request,
                    new InterruptedIOException("the wait's deadline passed before the stream opened"), true);
            trace.attemptEnded(null, null, late);
            trace.ended(late);
            super.complete(new Poller.Pending<>("stream dropped", reconnectTime(-1))); // as settle() ends a cut open
        }

        @Override
        public void onResponse(Call done, Response response) {
            transport.ended(done);
            if (!answered.compareAndSet(false, true)) {
                response.close();
                return;
            }
            headNanos = transport.scheduler().nanoTime();
            turn.headArrived();
            try (response) {
                if (!response.isSuccessful()) {
                    VerifyKitException refused = transport.refusal(request, response, done, headLimit(), () -> deadlineReached);
                    trace.attemptEnded(response.code(), null, refused);
                    fail(refused);
                    return;
                }
                MediaType type = response.body().contentType();
                String requestId = transport.redactor().serverText(response.header("X-Request-Id"));
                if (type == null || !type.type().equals("text") || !type.subtype().equals("event-stream")) {
                    MalformedResponseException malformed = new MalformedResponseException(Service.DOCK, response.code(),
                            "dock: " + ENDPOINT + " answered with " + (type == null ? "no content type"
                                    : transport.redactor().serverText(type.type() + "/" + type.subtype()))
                            + " instead of text/event-stream"
                            + (type != null && type.subtype().equals("html") ? transport.htmlHint() : ""), requestId, null);
                    trace.attemptEnded(response.code(), requestId, malformed);
                    fail(malformed);
                    return;
                }
                String encoding = response.header("Content-Encoding");
                if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
                    // asked uncompressed, so OkHttp inflates nothing: a server or proxy compressing it anyway
                    // would hand the reader raw compressed bytes, read as no event at all
                    MalformedResponseException compressed = new MalformedResponseException(Service.DOCK, response.code(),
                            "dock: " + ENDPOINT + " answered Content-Encoding: " + transport.redactor().serverText(encoding)
                            + " though the stream was asked uncompressed (Accept-Encoding: identity); a proxy"
                            + " compressing event streams? It cannot be read so", requestId, null);
                    trace.attemptEnded(response.code(), requestId, compressed);
                    fail(compressed);
                    return;
                }
                long openedAt = headNanos;
                dock.noteRateLimit(response.headers()); // an open is a read: its figures count as a retrieve's
                trace.attemptEnded(response.code(), requestId, null);
                if (isDone()) {
                    // ended meanwhile (a close, a cancel, its deadline: while the listeners heard of the
                    // attempt's end, say): its call and its wait told their ends, nothing more is told
                    return;
                }
                if (transport.listener() != VerifyKitListener.NONE) {
                    opened = StreamEvent.builder().waitId(turn.waitId()).service(Service.DOCK).operation(ENDPOINT)
                            .requestId(Optional.ofNullable(requestId)).build();
                    transport.listener().onStreamOpen(opened);
                    if (isDone()) {
                        streamClosed(StreamCloseReason.CANCELLED); // ended as the open was told: closed, as such
                        return;
                    }
                }
                Events events = new Events(requestId);
                if (done.timeout() instanceof AsyncTimeout head) {
                    head.exit(); // the open's limit ends with it: the events have no time limit of their own
                }
                LineWatch lines = new LineWatch(response.body().source());
                try {
                    reader.read(lines.around(response), transport.settings().maxResponseBytes(), events);
                } catch (IOException e) {
                    if (events.terminal == null) {
                        events.failure = e;
                    }
                }
                boolean livedAKeepAlive = transport.scheduler().nanoTime() - openedAt >= dock.guardrails().keepAlive().toNanos();
                // A connection that lived a keep-alive period and carried a line, a keep-alive at least, was
                // healthy, a session event or not: a stream resumed with Last-Event-ID and nothing new
                // carries only keep-alives. One that drops is reopened after the reconnection time (the
                // session's gate keeping its interval and poll cap), not backed off as a failed open.
                boolean healthy = livedAKeepAlive && (events.sessions > 0 || lines.lineRead);
                VerifyKitException broken = events.failure != null
                        ? brokenBy(events.failure, events.requestId, done.isCanceled())
                        : events.terminal == null && events.sessions == 0 && !livedAKeepAlive && !done.isCanceled()
                        ? (events.malformed != null ? events.malformed : endedEmpty(events.requestId)) : null;
                settle(events.terminal, broken, retryMillis, healthy);
            } catch (Throwable e) {
                // Thrown back to OkHttp's thread, it would be lost and leave the wait without an answer.
                completeExceptionally(Unexpected.wrap(Service.DOCK, ENDPOINT, e));
            }
        }

        /** How the stream ended: at a terminal state, broken, or closed while the session is pending. */
        private void settle(DockSession terminal, VerifyKitException broken, long retryMillis, boolean healthy) {
            Cancellable timer = deadline;
            if (timer != null) {
                timer.cancel();
            }
            streamClosed(terminal != null ? StreamCloseReason.COMPLETED : deadlineReached ? StreamCloseReason.CANCELLED
                    : broken != null ? StreamCloseReason.BROKEN : StreamCloseReason.SERVER_CLOSED);
            if (terminal != null) {
                complete(new Poller.Done<>(terminal));
            } else if (broken == null || healthy || deadlineReached) {
                complete(broken == null
                        ? new Poller.Pending<>("stream closed", sinceOpen(reconnectTime(retryMillis)))
                        : new Poller.Pending<>("stream dropped", reconnectTime(retryMillis)));
            } else {
                completeExceptionally(broken);
            }
        }

        private void fail(Throwable error) {
            Cancellable timer = deadline;
            if (timer != null) {
                timer.cancel();
            }
            completeExceptionally(error);
        }

        /**
         * What is left of {@code spacing} since this open's head arrived (the server had the open by
         * then, so it sees at least {@code spacing} between the opens). A stream closed by the server
         * (at its maximum, or at once) is reopened that far from the previous open, so a stream that
         * lived 30 s is followed at once, leaving the session unwatched for no longer than a round trip.
         */
        private Duration sinceOpen(Duration spacing) {
            Duration left = spacing.minusNanos(transport.scheduler().nanoTime() - (headNanos != 0 ? headNanos : startedNanos));
            return left.isNegative() ? Duration.ZERO : left;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (!settled.compareAndSet(false, true)) {
                return isCancelled(); // its end is being told: the attempt completes with it
            }
            ended(new CancellationException());
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            Call running = call;
            if (running != null) {
                running.cancel();
            }
            Cancellable timer = deadline;
            if (timer != null) {
                timer.cancel();
            }
            return cancelled;
        }

        /**
         * What ended a stream early: a line or an event over the size limit is a malformed stream,
         * which the listener hears of at once; anything else is the connection failing.
         */
        private VerifyKitException brokenBy(Throwable failure, String requestId, boolean cancelled) {
            if (failure instanceof EventStreamReader.TooLargeException over) {
                MalformedResponseException malformed = new MalformedResponseException(Service.DOCK, 200, "dock: "
                        + ENDPOINT + ": " + over.getMessage() + " (maxResponseBytes); the stream was dropped",
                        requestId, null);
                onStreamError(malformed);
                return malformed;
            }
            return transport.transportFailure(request, asIo(failure), cancelled);
        }

        /**
         * A stream that ended cleanly before its first session event and before a keep-alive period
         * passed: Dock sends the session's state at once, so it made no progress, and is a failure
         * (backed off, counted toward {@code maxConsecutiveFailures} and the fallback to long-polls),
         * not the planned close at the stream's maximum, after which it would be reopened at the
         * minimum interval until the session's poll cap was spent. (One that lived longer, say a
         * server resuming after {@code Last-Event-ID} with nothing new, only keep-alives, is a close.)
         */
        private VerifyKitException endedEmpty(String requestId) {
            MalformedResponseException empty = new MalformedResponseException(Service.DOCK, 200, "dock: " + ENDPOINT
                    + ": the stream ended before its first session event (Dock sends the session's state at once)",
                    requestId, null);
            onStreamError(empty);
            return empty;
        }

        private static IOException asIo(Throwable failure) {
            return failure instanceof IOException io ? io : new IOException(String.valueOf(failure.getMessage()), failure);
        }

        /**
         * The id to send back as {@code Last-Event-ID} on a reopen, or {@code null} for none: not an
         * empty one (reset by the server), nor one that cannot be a header value (not printable
         * ASCII), nor one longer than {@link #MAX_EVENT_ID} (Dock's are sequence numbers; a line may
         * be megabytes), nor one the reader could not keep ({@code null}).
         */
        private static String sendable(String id) {
            return id == null || id.isEmpty() || id.length() > MAX_EVENT_ID || Require.headerProblem(id) != null
                    ? null : id;
        }

        /** A stream's body as its reader reads it, noting whether a whole line (a keep-alive at least) came. */
        private static final class LineWatch extends ForwardingSource {
            private static final ByteString LINE_ENDS = ByteString.encodeUtf8("\r\n");
            private volatile boolean lineRead;

            LineWatch(Source body) {
                super(body);
            }

            /** The response, its body read through this watch. */
            Response around(Response response) {
                ResponseBody body = response.body();
                return response.newBuilder()
                        .body(ResponseBody.create(Okio.buffer(this), body.contentType(), body.contentLength())).build();
            }

            @Override
            public long read(Buffer sink, long byteCount) throws IOException {
                long from = sink.size();
                long read = super.read(sink, byteCount);
                if (read > 0 && !lineRead && sink.indexOfElement(LINE_ENDS, from) >= 0) {
                    lineRead = true;
                }
                return read;
            }
        }

        /** What the reader reads from one stream. */
        private final class Events implements EventStreamReader.Handler {
            private final String requestId;
            private volatile int sessions;
            private volatile DockSession terminal;
            private volatile Throwable failure;
            private volatile boolean idsTold;
            /** The last event whose data was not a session of this one, told to the listener already. */
            private volatile MalformedResponseException malformed;

            Events(String requestId) {
                this.requestId = requestId;
            }

            @Override
            public void onRetry(long millis) {
                retryMillis = millis;
            }

            @Override
            public void onLastEventId(String id) {
                idsTold = true;
                lastEventId = sendable(id);
            }

            @Override
            public void onEvent(String id, String type, String data) {
                // An id holding a NUL is ignored, as the SSE specification says: the last one stays.
                // (A reader that tells the last event ID itself is trusted: an event's id cannot say
                // that an empty id reset it, nor a block without data set it.)
                if (!idsTold && id != null && id.indexOf('\0') < 0) {
                    lastEventId = sendable(id);
                }
                if (!"session".equals(type) || terminal != null) {
                    return;
                }
                DockSession session;
                try {
                    session = dock.parseStreamedSession(data, sessionId, requestId);
                } catch (MalformedResponseException e) {
                    malformed = e;
                    onStreamError(e);
                    return;
                }
                sessions++;
                eventsRead = sessions;
                if (session.isTerminal()) {
                    terminal = session;
                    Call running = call;
                    if (running != null) {
                        running.cancel();
                    }
                } else {
                    onStreamedSession(session);
                }
            }
        }
    }
}
