package dev.verifykit.servlet.internal;

import dev.verifykit.dock.SessionStreams;
import dev.verifykit.internal.Unexpected;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The relay's sessions: one {@link RelayHub} per session being watched (so browsers on one session
 * share one upstream), at most {@code maxSessions} of them, with at most
 * {@code maxBrowsersPerSession} browsers each and {@code maxBrowsers} in all, and, for a while after a
 * session's stream ended, what its browsers were told, so that a browser reconnecting afterwards gets
 * the end (or, having seen it, a 204 that stops its reconnects) without a new upstream: at most
 * {@code maxEnded} sessions' ends, of at most {@code maxEndedBytes} together (the oldest forgotten
 * first), each session's states kept as its hub keeps them (the latest, and older ones within
 * {@code maxHistoryBytes}).
 *
 * <p>A session has one upstream at a time: a browser arriving while the session's hub ends (its
 * last browser left, or its stream ended) waits for the hub to be gone, its upstream closed and its
 * end remembered, before a new hub is made; at most {@link #HUB_END_WAIT}, else it is answered 503.
 */
public final class RelayRegistry {
    private static final System.Logger LOG = System.getLogger("dev.verifykit.servlet");

    /** How a subscription went. */
    public enum Admission {
        /** The sink is in (or was handed the end of the session); start writing. */
        SUBSCRIBED,
        /** The session's stream has ended and the browser saw all of it: answer 204. */
        NOTHING_MORE,
        /**
         * As many sessions (or browsers, of the session or in all) as allowed are being relayed, or
         * the relay is closed: answer 503.
         */
        UNAVAILABLE
    }

    /** The longest a browser waits for a session's ending hub to be gone (its upstream's close to return). */
    static final Duration HUB_END_WAIT = Duration.ofSeconds(5);

    private final SessionStreams streams;
    private final WaitOptions waitOptions;
    private final Scheduler scheduler;
    private final Duration keepAlive;
    private final byte[] retryFrame;
    private final int maxSessions;
    private final Duration endedRetention;
    private final int maxEnded;
    private final int maxBrowsersPerSession;
    private final int maxBrowsers;
    private final int maxHistoryBytes;
    private final long maxEndedBytes;
    private final AtomicInteger browsers = new AtomicInteger();
    private final Map<String, RelayHub> hubs = new ConcurrentHashMap<>();
    /** Browsers sent their session's end (kept, or as it came) that have not read it yet. */
    private final Set<RelaySink> finishing = ConcurrentHashMap.newKeySet();
    private final LinkedHashMap<String, Ended> ended = new LinkedHashMap<>();
    /** The disconnects of {@link #disconnectLater} not yet run: {@link #close()} cancels them (it ends their browsers itself). */
    private final Set<Disconnect> disconnects = ConcurrentHashMap.newKeySet();
    /** The bytes of the frames in {@link #ended}, at most {@link #maxEndedBytes}; guarded by {@code ended}. */
    private long endedBytes;
    private volatile boolean closed;
    private volatile long hubEndWaitNanos = HUB_END_WAIT.toNanos();

    /**
     * A session's end: what its browsers were told, and when, a reading of the scheduler's monotonic
     * {@code nanoTime()} (a step of the wall clock neither forgets it early nor keeps it longer).
     */
    private record Ended(List<SessionFrames.Frame> frames, long bytes, long atNanos) {}

    /**
     * @param maxHistoryBytes the most bytes of a session's states kept beside its latest (which is
     *     always kept while it is relayed)
     * @param maxEndedBytes the most bytes of the ends kept together; an end larger alone is not kept
     */
    public RelayRegistry(SessionStreams streams, WaitOptions waitOptions, Scheduler scheduler, Duration keepAlive,
            Duration retry, int maxSessions, Duration endedRetention, int maxEnded, int maxBrowsersPerSession,
            int maxBrowsers, int maxHistoryBytes, long maxEndedBytes) {
        this.streams = streams;
        this.waitOptions = waitOptions;
        this.scheduler = scheduler;
        this.keepAlive = keepAlive;
        this.retryFrame = SessionFrames.retry(retry);
        this.maxSessions = maxSessions;
        this.endedRetention = endedRetention;
        this.maxEnded = maxEnded;
        this.maxBrowsersPerSession = maxBrowsersPerSession;
        this.maxBrowsers = maxBrowsers;
        this.maxHistoryBytes = maxHistoryBytes;
        this.maxEndedBytes = maxEndedBytes;
    }

    /**
     * Adds a browser to a session's relay, opening the upstream if it is the first.
     *
     * @param lastEventId the browser's {@code Last-Event-ID}, or null: it is sent only what came after
     *     that event (after the state a passing failure's {@code relay-error} id carries)
     */
    public Admission subscribe(String sessionId, String lastEventId, RelaySink sink) {
        if (closed) {
            return Admission.UNAVAILABLE;
        }
        String seen = SessionFrames.lastStateSeen(lastEventId);
        while (true) {
            List<SessionFrames.Frame> end = endedFrames(sessionId);
            if (end != null) {
                List<SessionFrames.Frame> unseen = RelayHub.after(end, seen);
                if (seen != null && unseen.isEmpty()) {
                    return Admission.NOTHING_MORE;
                }
                return sendEnd(sink, unseen);
            }
            RelayHub hub;
            synchronized (hubs) {
                hub = hubs.get(sessionId);
                if (hub == null) {
                    if (closed || hubs.size() >= maxSessions) {
                        return Admission.UNAVAILABLE;
                    }
                    hub = new RelayHub(this, sessionId);
                    hubs.put(sessionId, hub);
                }
            }
            RelayHub.Joined joined;
            try {
                joined = hub.join(sink, seen);
            } catch (Throwable e) {
                // an Error opening the upstream, thrown on once the hub ended: the browser is counted among
                // those finishing all the same, until its stream ends
                closeLeaves(sink, hub);
                throw e;
            }
            if (joined == RelayHub.Joined.JOINED) {
                closeLeaves(sink, hub);
                return Admission.SUBSCRIBED;
            }
            if (joined == RelayHub.Joined.FULL || !hub.awaitGone(hubEndWaitNanos, TimeUnit.NANOSECONDS)) {
                return Admission.UNAVAILABLE;
            }
            // the ended hub is gone: its end is remembered, or a new hub may be made
        }
    }

    /** After the join: a sink closed already runs this at once, and leaves what it joined. */
    private void closeLeaves(RelaySink sink, RelayHub member) {
        // one action, never replaced: the hub's end may have moved the browser to finishing meanwhile
        sink.onClose(() -> {
            member.leave(sink);
            finished(sink);
        });
    }

    /**
     * Sends a browser a session's kept end: counted among the relay's browsers until it has read it
     * (or is disconnected a keep-alive period later, as a hub's browsers are at its end, or by {@link
     * #close()}), as {@link #finishing} says.
     */
    private Admission sendEnd(RelaySink sink, List<SessionFrames.Frame> unseen) {
        if (!admitBrowser()) {
            return Admission.UNAVAILABLE;
        }
        finishing(List.of(sink));
        sink.onClose(() -> finished(sink));
        sink.offer(retryFrame);
        for (SessionFrames.Frame frame : unseen) {
            sink.offer(frame.bytes());
        }
        sink.finish();
        if (closed) { // closed while it was added: close() may have looked before
            sink.close();
        } else {
            disconnectLater(List.of(sink));
        }
        return Admission.SUBSCRIBED;
    }

    /**
     * Browsers admitted before and sent their session's end: each stays counted among the relay's
     * browsers until its stream ends (it read the end, or it is disconnected: {@link
     * #disconnectLater}, {@link #close()}), when its close action calls {@link #finished}.
     */
    void finishing(List<RelaySink> sinks) {
        finishing.addAll(sinks);
    }

    /** A browser's stream ended: counted out if it was {@link #finishing}. */
    private void finished(RelaySink sink) {
        if (finishing.remove(sink)) {
            browsersLeft(1);
        }
    }

    /** Whether {@link #close()} was called. */
    boolean isClosed() {
        return closed;
    }

    /** Ends the streams of browsers that have not read their last frames a keep-alive period from now. */
    void disconnectLater(List<RelaySink> targets) {
        if (targets.isEmpty()) {
            return;
        }
        Disconnect disconnect = new Disconnect(targets);
        disconnects.add(disconnect);
        try {
            disconnect.timer = scheduler.schedule(keepAlive, disconnect);
        } catch (Throwable schedulerRefused) {
            // a scheduler of the application's, shut down (or failing with an Error: no thread could be
            // started): the browsers are ended now, else one that does not read would be kept for good
            disconnects.remove(disconnect);
            LOG.log(schedulerRefused instanceof Error ? System.Logger.Level.ERROR : System.Logger.Level.WARNING,
                    "the relay's scheduler refused a disconnect timer: the browsers sent their session's end"
                    + " are disconnected now", schedulerRefused);
            targets.forEach(RelaySink::close);
            return;
        }
        if (closed) { // closed meanwhile: close() may have looked before the timer was set
            disconnects.remove(disconnect);
            try {
                disconnect.timer.cancel();
            } catch (RuntimeException cancelRefused) {
                // its browsers are the close's to end (each was finishing): the timer then finds them ended
            }
        }
    }

    /**
     * Browsers' streams to end a keep-alive period from now, unless the relay's close ends them first
     * (it then cancels the timer: none of a closed relay's is left on a scheduler of the application's).
     */
    private final class Disconnect implements Runnable {
        private final List<RelaySink> targets;
        volatile Cancellable timer;

        Disconnect(List<RelaySink> targets) {
            this.targets = targets;
        }

        @Override
        public void run() {
            disconnects.remove(this);
            targets.forEach(RelaySink::close);
        }
    }

    /** Sessions with an open upstream; a hub leaves only after its upstream's close() returned. */
    public int upstreams() {
        return hubs.size();
    }

    /** Browsers connected, over all sessions. */
    public int browsers() {
        return browsers.get();
    }

    /**
     * Ends every relayed stream and refuses new ones. One that fails to end (its upstream's close
     * throws) does not keep the others open: the first throwable is thrown once every one was ended.
     * A session's hub another thread is ending (its last browser leaving, another close, an upstream
     * being opened) closes its upstream on that thread: this returns once it has (waiting at most
     * {@link #HUB_END_WAIT} in all), so that no upstream is left open when it returns.
     */
    public void close() {
        closed = true;
        List<RelayHub> all;
        synchronized (hubs) {
            all = new ArrayList<>(hubs.values());
        }
        Throwable failed = Unexpected.eachKept(all, RelayHub::shutDown, null);
        long waitEnd = System.nanoTime() + hubEndWaitNanos; // one bound for all of them
        for (RelayHub hub : all) {
            hub.awaitGone(Math.max(0, waitEnd - System.nanoTime()), TimeUnit.NANOSECONDS); // at once for those ended above
        }
        failed = Unexpected.eachKept(List.copyOf(finishing), RelaySink::close, failed);
        // their browsers are ended above (each was finishing): their timers go too
        Unexpected.throwAsIs(Unexpected.eachKept(List.copyOf(disconnects), disconnect -> {
            disconnects.remove(disconnect);
            Cancellable timer = disconnect.timer;
            if (timer != null) {
                timer.cancel();
            }
        }, failed));
    }

    /** How long a browser waits for an ending hub to be gone ({@link #HUB_END_WAIT}; tests give longer). */
    void hubEndWait(Duration wait) {
        hubEndWaitNanos = wait.toNanos();
    }

    SessionStreams streams() {
        return streams;
    }

    WaitOptions waitOptions() {
        return waitOptions;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    Duration keepAlive() {
        return keepAlive;
    }

    byte[] retryFrame() {
        return retryFrame;
    }

    int maxBrowsersPerSession() {
        return maxBrowsersPerSession;
    }

    int maxHistoryBytes() {
        return maxHistoryBytes;
    }

    /** Counts a browser in, unless as many as allowed are connected already. */
    boolean admitBrowser() {
        while (true) {
            int now = browsers.get();
            if (now >= maxBrowsers) {
                return false;
            }
            if (browsers.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** {@code count} browsers admitted before have left. */
    void browsersLeft(int count) {
        browsers.addAndGet(-count);
    }

    /** The hub has ended (its upstream closed, its end remembered): it goes, and a browser waiting for it goes on. */
    void retired(String sessionId, RelayHub hub) {
        synchronized (hubs) {
            hubs.remove(sessionId, hub);
        }
        hub.gone();
    }

    /** The hub's upstream ended by itself; {@code frames} is what its browsers were told, or null. */
    void ended(String sessionId, RelayHub hub, List<SessionFrames.Frame> frames) {
        if (frames == null) {
            retired(sessionId, hub);
            return;
        }
        // remembered before the hub goes, so that a browser arriving in between finds one or the other
        try {
            remember(sessionId, frames);
        } catch (Throwable e) {
            // the scheduler's clock of the application's failing: not kept (the next browser opens the session
            // again); thrown on, it would leave the hub registered for good and its browsers never disconnected
            LOG.log(e instanceof Error ? System.Logger.Level.ERROR : System.Logger.Level.WARNING,
                    "the relay could not keep session " + sessionId + "'s end; its next browser opens it again", e);
        }
        retired(sessionId, hub);
    }

    private void remember(String sessionId, List<SessionFrames.Frame> frames) {
        long bytes = SessionFrames.bytes(frames);
        synchronized (ended) {
            Ended before = ended.remove(sessionId);
            if (before != null) {
                endedBytes -= before.bytes();
            }
            if (bytes <= maxEndedBytes) { // else not kept: the next browser opens the session again
                ended.put(sessionId, new Ended(frames, bytes, scheduler.nanoTime()));
                endedBytes += bytes;
            }
            Iterator<Ended> oldest = ended.values().iterator();
            while ((ended.size() > maxEnded || endedBytes > maxEndedBytes) && oldest.hasNext()) {
                endedBytes -= oldest.next().bytes();
                oldest.remove();
            }
        }
    }

    private List<SessionFrames.Frame> endedFrames(String sessionId) {
        long now = scheduler.nanoTime();
        long retention = endedRetention.toNanos();
        synchronized (ended) {
            Iterator<Ended> oldest = ended.values().iterator();
            while (oldest.hasNext()) {
                Ended next = oldest.next();
                if (now - next.atNanos() < retention) {
                    break;
                }
                endedBytes -= next.bytes();
                oldest.remove();
            }
            Ended found = ended.get(sessionId);
            return found == null ? null : found.frames();
        }
    }
}
