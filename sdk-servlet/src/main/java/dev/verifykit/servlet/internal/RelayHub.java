package dev.verifykit.servlet.internal;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.internal.Unexpected;
import dev.verifykit.time.Cancellable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One session's shared upstream: a single Dock stream (with the core's reconnects and long-poll
 * fallback) whose states are written to every browser watching the session. Opened when the first
 * browser joins, closed when the last one leaves; once it has ended (terminal state, failure, or
 * everyone left) it takes no one, and once it is {@link #gone()} (its upstream closed, its end
 * remembered) the registry starts a new one for the next browser.
 *
 * <p>Locking: the hub's lock guards its browsers and history and is held only to queue frames
 * ({@link RelaySink#offer}); writes ({@link RelaySink#drain}) and the upstream's {@code close()}
 * (which calls this listener back under the stream's own lock) happen without it.
 */
final class RelayHub implements SessionListener {
    private static final System.Logger LOG = System.getLogger("dev.verifykit.servlet");

    /**
     * Distinct states kept for browsers that reconnect: a session has few (pending, then its end). Older
     * ones than the latest are kept only while they fit, with it, in the registry's
     * {@code maxHistoryBytes}: a state is as large as Dock's answer (its unknown fields relayed too).
     */
    private static final int MAX_HISTORY = 8;

    /** How a browser's {@link #join} went. */
    enum Joined {
        JOINED,
        /** The hub has ended: the browser waits until it is gone ({@link #awaitGone}), then tries again. */
        ENDED,
        /** The session, or the relay, has as many browsers as allowed. */
        FULL
    }

    private final RelayRegistry registry;
    private final String sessionId;
    private final Object lock = new Object();
    private final List<SessionFrames.Frame> history = new ArrayList<>();
    /** The bytes of {@link #history}. */
    private long historyBytes;
    /** The browsers, each with the id of the last state it has (so that none gets a state twice). */
    private final Map<RelaySink, String> sinks = new LinkedHashMap<>();
    private boolean started;
    private boolean retired;
    /** Whether a browser's thread is opening the upstream ({@link #openUpstream}): it retires the hub if it ends meanwhile. */
    private boolean opening;
    private SessionStream stream;
    private Cancellable keepAlive;
    private volatile VerifyKitException lastError;
    private final CountDownLatch gone = new CountDownLatch(1);

    RelayHub(RelayRegistry registry, String sessionId) {
        this.registry = registry;
        this.sessionId = sessionId;
    }

    /**
     * Adds a browser: queues {@code retry:} and the states after {@code lastEventId}, and opens the
     * upstream for the first one.
     *
     * @return {@link Joined#ENDED} when this hub has ended, {@link Joined#FULL} when the session (or
     *     the relay) has as many browsers as allowed
     */
    Joined join(RelaySink sink, String lastEventId) {
        boolean open;
        boolean abandoned;
        synchronized (lock) {
            if (retired) {
                return Joined.ENDED;
            }
            boolean full = sinks.size() >= registry.maxBrowsersPerSession() || !registry.admitBrowser();
            if (full && started) {
                return Joined.FULL;
            }
            // a hub made for this browser alone and refused for the relay's bound goes at once, so that
            // it holds no place among maxSessions (a browser waiting for it then goes on)
            abandoned = full;
            open = !full && !started;
            if (!full) {
                started = true;
                sink.offer(registry.retryFrame());
                String seen = lastEventId;
                for (SessionFrames.Frame frame : after(history, lastEventId)) {
                    sink.offer(frame.bytes());
                    seen = frame.id();
                }
                sinks.put(sink, seen == null ? "" : seen);
                opening = open;
            } else {
                retired = true;
            }
        }
        if (abandoned) {
            retire(); // nothing was opened: it only leaves the registry
            return Joined.FULL;
        }
        if (open) {
            openUpstream();
        }
        sink.drain();
        return Joined.JOINED;
    }

    /** A browser left; the last one closes the upstream. */
    void leave(RelaySink sink) {
        SessionStream toClose;
        synchronized (lock) {
            if (!sinks.containsKey(sink)) {
                return;
            }
            sinks.remove(sink);
            registry.browsersLeft(1);
            if (!sinks.isEmpty() || retired) {
                return;
            }
            retired = true;
            toClose = stream;
            stream = null;
        }
        if (toClose != null) {
            // closed before the registry lets go of it: once upstreams() drops, the upstream is closed
            try {
                toClose.close();
            } finally {
                retire();
            }
        } // else the upstream is still being opened: openUpstream closes it, then retires
    }

    /** Ends every browser's stream now (the relay is closing). */
    void shutDown() {
        end(null, false, false);
    }

    /** The registry let go of this hub: a browser waiting for it ({@link #awaitGone}) goes on. */
    void gone() {
        gone.countDown();
    }

    /**
     * Waits until the hub is {@link #gone()}, at most this long; false when it is not gone by then. An
     * interrupt does not cut the wait short (the relay's close promises no upstream open once it returns,
     * and the wait is bounded); it is kept for the caller.
     */
    boolean awaitGone(long timeout, TimeUnit unit) {
        long end = System.nanoTime() + unit.toNanos(timeout);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return gone.await(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // the wait goes on; the caller's interrupt is kept
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The frames after the one with this id; only the latest when the id is unknown (or none). */
    static List<SessionFrames.Frame> after(List<SessionFrames.Frame> frames, String lastEventId) {
        if (frames.isEmpty()) {
            return List.of();
        }
        if (lastEventId != null) {
            for (int i = frames.size() - 1; i >= 0; i--) {
                if (frames.get(i).id().equals(lastEventId)) {
                    return List.copyOf(frames.subList(i + 1, frames.size()));
                }
            }
        }
        return List.of(frames.get(frames.size() - 1));
    }

    private void openUpstream() {
        SessionStream opened;
        try {
            opened = registry.streams().open(sessionId, this, registry.waitOptions());
        } catch (RuntimeException | Error e) {
            if (e instanceof ValidationException || e instanceof RuntimeException && !(e instanceof VerifyKitException)) {
                // the relay's own settings (its waitOptions below the client's guardrails) or a bug, not
                // the session's end: told to the browsers as "unavailable", so said here, field and rule
                LOG.log(System.Logger.Level.ERROR, "the relay could not open session " + sessionId
                        + "'s upstream (check RelaySettings.waitOptions against the client's guardrails): "
                        + (e instanceof ValidationException ? e.getMessage() : e.getClass().getName()), e);
            }
            synchronized (lock) {
                opening = false;
            }
            upstreamFailed(e);
            retire(); // when the last browser left (or the relay closed) while this was opening, end() did not
            if (e instanceof Error error) {
                throw error; // thrown on as it is (the container logs it), once the hub has ended
            }
            return;
        }
        boolean closeNow;
        synchronized (lock) {
            opening = false;
            closeNow = retired;
            if (!retired) {
                stream = opened;
            }
        }
        if (closeNow) {
            try {
                opened.close();
            } finally {
                retire();
            }
        } else {
            scheduleKeepAlive();
        }
    }

    private void scheduleKeepAlive() {
        Cancellable next;
        try {
            next = registry.scheduler().schedule(registry.keepAlive(), this::keepAlive);
        } catch (Throwable refused) {
            // a scheduler of the application's, shut down (or failing with an Error: no thread could be started):
            // thrown out of a browser's subscribe, this would leave the browser counted and the Dock stream open
            // for good; out of the keep-alive task, it would be lost on the scheduler's thread
            LOG.log(refused instanceof Error ? System.Logger.Level.ERROR : System.Logger.Level.WARNING,
                    "the relay's scheduler refused a keep-alive timer: this session's browsers get no more"
                    + " keep-alives (an idle stream may be cut by a proxy; the browser reconnects)", refused);
            return;
        }
        synchronized (lock) {
            if (!retired) {
                keepAlive = next;
                return;
            }
        }
        next.cancel();
    }

    private void keepAlive() {
        List<RelaySink> targets;
        synchronized (lock) {
            if (retired) {
                return;
            }
            targets = List.copyOf(sinks.keySet());
            for (RelaySink sink : targets) {
                sink.offer(SessionFrames.KEEP_ALIVE);
            }
        }
        targets.forEach(RelaySink::drain);
        scheduleKeepAlive();
    }

    @Override
    public void onSession(DockSession session) {
        SessionFrames.Frame frame = SessionFrames.session(session);
        List<RelaySink> targets;
        synchronized (lock) {
            if (retired) {
                return;
            }
            history.add(frame);
            historyBytes += frame.bytes().length;
            while (history.size() > MAX_HISTORY
                    || history.size() > 1 && historyBytes > registry.maxHistoryBytes()) {
                historyBytes -= history.remove(0).bytes().length;
            }
            targets = List.copyOf(sinks.keySet());
            for (Map.Entry<RelaySink, String> browser : sinks.entrySet()) {
                if (!frame.id().equals(browser.getValue())) {
                    browser.getKey().offer(frame.bytes());
                    browser.setValue(frame.id());
                }
            }
        }
        targets.forEach(RelaySink::drain);
    }

    @Override
    public void onTerminal(DockSession session) {
        // onSession had the terminal state; the browsers' streams end after it
        end(null, true, true);
    }

    @Override
    public void onError(VerifyKitException error) {
        lastError = error;
    }

    @Override
    public void onClosed() {
        // after a terminal state, or when this relay closed the stream, the hub has ended already
        upstreamFailed(lastError);
    }

    /**
     * The upstream failed (or ended without a failure told): its browsers are told why, and a lasting
     * end is kept; when its application is shutting down ({@link SessionFrames#shuttingDown}), their
     * streams end as at the relay's close, without a word, and nothing is kept.
     */
    private void upstreamFailed(Throwable failure) {
        if (SessionFrames.shuttingDown(failure)) {
            end(null, false, false);
            return;
        }
        end(failure != null ? failure : new IllegalStateException("the stream ended"), true,
                !SessionFrames.passing(failure));
    }

    /**
     * Ends the hub. When the upstream ended by itself ({@code upstreamEnded}), the {@code relay-error}
     * of its {@code failure} (none after a terminal state) is queued, every browser's stream finishes after its queue (a browser
     * that has not read it all a keep-alive period later is disconnected), and what the browsers were
     * told is kept for those that reconnect when it is {@code lasting}; a passing failure (Dock out of
     * reach) is not, the next browser opens the session again, and each browser is told it with the
     * id of the last state it has ({@link SessionFrames#error(Throwable, String)}), so that it is not
     * sent that state again when it reconnects. Otherwise (the relay is closing, or the application
     * ended the upstream's wait) every browser's stream ends at once, nothing is kept, and the upstream is closed.
     */
    private void end(Throwable failure, boolean upstreamEnded, boolean lasting) {
        List<RelaySink> targets;
        List<SessionFrames.Frame> frames;
        Cancellable timer;
        SessionStream toClose;
        boolean beingOpened;
        synchronized (lock) {
            if (retired) {
                return;
            }
            retired = true;
            // its first browser's thread is opening the upstream: it retires the hub once it has closed what it
            // opened (as after leave()), so that the hub is gone, and the relay's close returns, only then
            beingOpened = opening && !upstreamEnded;
            SessionFrames.Frame kept = failure != null && lasting ? SessionFrames.error(failure) : null;
            if (kept != null) {
                history.add(kept);
            }
            frames = List.copyOf(history);
            // an ended hub takes no one: what it kept is the registry's now, or let go (a cancelled
            // timer task may still hold the hub a while)
            history.clear();
            historyBytes = 0;
            Map<RelaySink, String> browsers = Map.copyOf(sinks);
            targets = List.copyOf(sinks.keySet());
            sinks.clear();
            if (upstreamEnded) {
                // counted until each has read the end or is disconnected (a close of one now, waiting for
                // this lock in leave(), finds it gone from here and is counted out by the registry next)
                registry.finishing(targets);
                for (RelaySink sink : targets) {
                    if (failure != null) {
                        // a passing failure's with the id of the last state this browser has
                        sink.offer((kept != null ? kept : SessionFrames.error(failure, browsers.get(sink))).bytes());
                    }
                    sink.finish();
                }
            } else {
                registry.browsersLeft(targets.size());
            }
            timer = keepAlive;
            toClose = stream;
            stream = null;
        }
        // a timer of a scheduler of the caller's may throw as it is cancelled: the browsers and the
        // upstream are ended all the same, and what it threw is thrown once they are
        Throwable cancelFailed = cancel(timer);
        try {
            endTargets(targets, toClose, frames, failure, upstreamEnded, lasting, beingOpened);
        } catch (Throwable e) {
            cancelFailed = Unexpected.kept(cancelFailed, e);
        }
        Unexpected.throwAsIs(cancelFailed);
    }

    /** Cancels {@code timer} (null: none), answering what its cancel threw (null: nothing). */
    private static Throwable cancel(Cancellable timer) {
        if (timer == null) {
            return null;
        }
        try {
            timer.cancel();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    private void endTargets(List<RelaySink> targets, SessionStream toClose, List<SessionFrames.Frame> frames,
            Throwable failure, boolean upstreamEnded, boolean lasting, boolean beingOpened) {
        if (!upstreamEnded) {
            targets.forEach(RelaySink::close);
        }
        try {
            if (!upstreamEnded && toClose != null) {
                toClose.close();
            }
        } finally {
            if (!beingOpened) { // else openUpstream retires it, once what it opened is closed
                // a passing failure (Dock out of reach) is told to the browsers here, not to those that come later
                registry.ended(sessionId, this, upstreamEnded && lasting && !frames.isEmpty() ? frames : null);
            }
        }
        if (upstreamEnded) {
            targets.forEach(RelaySink::drain);
            if (registry.isClosed()) { // the relay closing meanwhile may have looked before they were added
                targets.forEach(RelaySink::close);
            } else {
                registry.disconnectLater(targets);
            }
        }
    }

    private void retire() {
        Cancellable timer;
        synchronized (lock) {
            timer = keepAlive;
        }
        Throwable cancelFailed = cancel(timer);
        registry.retired(sessionId, this);
        Unexpected.throwAsIs(cancelFailed);
    }
}
