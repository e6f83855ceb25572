package dev.verifykit.dock.internal;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.error.Service;
import dev.verifykit.http.EventStreamReader;
import dev.verifykit.http.internal.Futures;
import dev.verifykit.internal.Require;
import dev.verifykit.poll.WaitOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Session streams over a Dock client: its connections, threads, guardrails and per-session read
 * gates, with the events read by the given reader. Streams are held on the client's waiting
 * dispatcher; a stream silent for longer than the read timeout is taken for dead.
 */
final class DefaultSessionStreams implements SessionStreams {
    private final DefaultDockClient dock;
    private final EventStreamReader reader;
    private final StreamSettings settings;
    /** How long a stream may stay silent before it is taken for dead: its read timeout. */
    private final Duration silence;

    DefaultSessionStreams(DefaultDockClient dock, EventStreamReader reader, StreamSettings settings) {
        this.dock = dock;
        this.reader = Require.present("reader", reader);
        this.settings = Require.present("settings", settings);
        this.silence = settings.readTimeout().orElse(dock.guardrails().keepAlive().multipliedBy(2));
    }

    @Override
    public SessionStream open(String sessionId, SessionListener listener, WaitOptions options) {
        Require.present("listener", listener);
        Require.present("options", options);
        return StreamRun.start(dock, silence, reader, settings, sessionId, options, listener, false);
    }

    @Override
    public CompletableFuture<DockSession> awaitCompletionAsync(String sessionId, WaitOptions options) {
        Require.present("options", options);
        try {
            return StreamRun.start(dock, silence, reader, settings, sessionId, options, new SessionListener() {}, false);
        } catch (ClientClosedException e) {
            return CompletableFuture.failedFuture(e); // as the client's own waits: a failed future, nothing sent
        }
    }

    @Override
    public DockSession awaitCompletion(String sessionId, WaitOptions options) {
        Require.present("options", options);
        // blocking: an interrupt of this thread ends the wait before its next open (one interrupted already opens none)
        StreamRun run = StreamRun.start(dock, silence, reader, settings, sessionId, options, new SessionListener() {}, true);
        return Futures.join(run, Service.DOCK, run::requests);
    }

    @Override
    public String toString() {
        return "SessionStreams[" + dock + ", " + settings + "]";
    }
}
