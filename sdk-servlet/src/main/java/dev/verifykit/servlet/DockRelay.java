package dev.verifykit.servlet;

import dev.verifykit.dock.SessionStreams;
import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Require;
import dev.verifykit.servlet.internal.RelayRegistry;
import dev.verifykit.time.Scheduler;
import dev.verifykit.time.internal.SystemScheduler;

/**
 * Follows Dock sessions for browsers, for {@link DockRelayServlet}: one upstream stream per session
 * however many browsers watch it (so a session's poll cap is spent once, not once per tab), opened
 * with the server-side client when the first browser arrives and closed when the last one leaves.
 * The upstream is the core's session stream: reopened with {@code Last-Event-ID} after Dock's 30-s
 * maximum, paced and counted against the poll cap, and falling back to long-polls when streaming
 * keeps failing, all invisible to the browsers.
 *
 * <p>Every browser connection has a bounded queue ({@link RelaySettings#maxBufferedBytes()}); a
 * browser that does not read is disconnected (it reconnects with {@code Last-Event-ID}). At most
 * {@link RelaySettings#maxSessions()} sessions are relayed at once, with at most
 * {@link RelaySettings#maxBrowsersPerSession()} browsers each and {@link RelaySettings#maxBrowsers()}
 * in all; more are answered 503. What is kept for browsers that reconnect is bounded in bytes too:
 * a session's older states by {@link RelaySettings#maxBufferedBytes()}, the ended sessions' by
 * {@link RelaySettings#maxEndedBytes()}. A browser arriving while its session's upstream is being closed
 * waits (up to 5 s) for that close, so a session never has two upstreams.
 * Thread-safe; make one per application (a bean) and {@link #close()} it on shutdown.
 *
 * <pre>{@code
 * DockRelay relay = DockRelay.create(DockSessionStreams.of(dock));   // verifykit-sse
 * }</pre>
 */
public final class DockRelay implements AutoCloseable {
    private final RelayRegistry registry;
    private final RelaySettings settings;

    /** The timer of this relay's own, with the default scheduler: ended by {@link #close()}. */
    private final SystemScheduler ownedTimer;

    private DockRelay(SessionStreams streams, RelaySettings settings) {
        this.settings = settings;
        // the default scheduler gets a timer of this relay's own, which close() ends (as a client's)
        this.ownedTimer = settings.scheduler() == Scheduler.system() ? SystemScheduler.newTimer() : null;
        this.registry = new RelayRegistry(streams, settings.waitOptions(),
                ownedTimer != null ? ownedTimer : settings.scheduler(), settings.keepAlive(),
                settings.retry(), settings.maxSessions(), settings.endedRetention(), settings.maxEndedSessions(),
                settings.maxBrowsersPerSession(), settings.maxBrowsers(), settings.maxBufferedBytes(),
                settings.maxEndedBytes());
    }

    /** {@link #create(SessionStreams, RelaySettings)} with the default settings. */
    public static DockRelay create(SessionStreams streams) {
        return create(streams, RelaySettings.defaults());
    }

    /**
     * A relay following sessions with these streams ({@code DockSessionStreams.of(dock)} from
     * verifykit-sse; they and their client stay yours to close).
     *
     * @throws ValidationException when either argument is null
     */
    public static DockRelay create(SessionStreams streams, RelaySettings settings) {
        return new DockRelay(Require.present("streams", streams), Require.present("settings", settings));
    }

    /** The settings. */
    public RelaySettings settings() {
        return settings;
    }

    /** Sessions whose upstream is open now (one being closed counts until it is closed). */
    public int upstreams() {
        return registry.upstreams();
    }

    /** Browsers connected now, over all sessions. */
    public int browsers() {
        return registry.browsers();
    }

    /**
     * Closes every upstream and ends every browser's stream at once (what was still queued for a
     * browser is dropped: it reconnects with {@code Last-Event-ID}); later requests are answered 503. With
     * the default scheduler, the relay's own timer ends too. The {@link SessionStreams} (and its client)
     * are yours, and stay open. An upstream another thread is closing or opening meanwhile (another
     * close, a session's last browser leaving, a browser's request opening it) is waited for, at most
     * 5 s in all: no upstream is open when this returns.
     */
    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            if (ownedTimer != null) {
                ownedTimer.close();
            }
        }
    }

    RelayRegistry registry() {
        return registry;
    }

    @Override
    public String toString() {
        return "DockRelay[upstreams=" + upstreams() + ", browsers=" + browsers() + "]";
    }
}
