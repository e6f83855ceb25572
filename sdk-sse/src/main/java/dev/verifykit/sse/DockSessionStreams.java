package dev.verifykit.sse;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.internal.DefaultDockClient;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.Service;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.http.internal.Futures;
import dev.verifykit.internal.Require;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.sse.internal.StreamRun;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import okhttp3.OkHttpClient;

/**
 * Dock sessions followed over Server-Sent Events ({@code GET /v2/sessions/{id}/stream}), for a
 * completion seen the moment it happens. Built on a {@link DockClient}, whose connections,
 * threads, guardrails and per-session read counter it shares: every stream open keeps the minimum
 * poll interval and counts against the plan's poll cap, together with the client's long-polls.
 *
 * <pre>{@code
 * DockSessionStreams streams = DockSessionStreams.of(dock);
 * DockSession done = streams.awaitCompletion(session.id());          // blocking
 * streams.awaitCompletionAsync(session.id()).thenAccept(this::store);  // or not
 * }</pre>
 *
 * <p>A stream the server closes while the session is pending is reopened, with
 * {@code Last-Event-ID}, so that opens start at least the minimum interval or the server's
 * {@code retry:} apart, whichever is longer: after a stream that lived its 30-s maximum, at once, so
 * the session is never left unwatched. A stream that drops after a healthy connection is reopened
 * that long after the drop. Failed opens back off with
 * jitter; after {@link StreamSettings#maxConsecutiveFailures()} in a row the wait goes on with
 * long-polls (or fails, if {@link StreamSettings#fallbackToLongPoll()} is off). A 401, 403 or 404
 * ends it at once; a 429 waits as its {@code Retry-After} says.
 */
public final class DockSessionStreams {
    private final DefaultDockClient dock;
    private final StreamSettings settings;
    private final OkHttpClient streamClient;

    private DockSessionStreams(DefaultDockClient dock, StreamSettings settings) {
        this.dock = dock;
        this.settings = settings;
        Duration silence = settings.readTimeout().orElse(dock.guardrails().keepAlive().multipliedBy(2));
        this.streamClient = dock.transport().waitClient().newBuilder()
                .readTimeout(silence)
                .callTimeout(Duration.ZERO)
                .build();
    }

    /** Streams over this client with the default {@link StreamSettings}. */
    public static DockSessionStreams of(DockClient dock) {
        return of(dock, StreamSettings.defaults());
    }

    /**
     * Streams over this client.
     *
     * @throws ValidationException when the client was not made by {@link DockClient#builder()}
     */
    public static DockSessionStreams of(DockClient dock, StreamSettings settings) {
        Require.present("settings", settings);
        if (!(dock instanceof DefaultDockClient real)) {
            throw new ValidationException("dock", "must be a client made by DockClient.builder()");
        }
        return new DockSessionStreams(real, settings);
    }

    /** {@link #open(String, SessionListener, WaitOptions)} with the default options. */
    public SessionStream open(String sessionId, SessionListener listener) {
        return open(sessionId, listener, WaitOptions.defaults());
    }

    /**
     * Follows a session, telling the listener of each state until the session ends, the options'
     * deadline passes, the poll cap is reached, or the stream is closed.
     *
     * @throws ValidationException for a blank session id or options below the guardrails
     */
    public SessionStream open(String sessionId, SessionListener listener, WaitOptions options) {
        Require.present("listener", listener);
        Require.present("options", options);
        return StreamRun.start(dock, streamClient, settings, sessionId, options, listener);
    }

    /** {@link #awaitCompletionAsync(String, WaitOptions)} with the default options. */
    public CompletableFuture<DockSession> awaitCompletionAsync(String sessionId) {
        return awaitCompletionAsync(sessionId, WaitOptions.defaults());
    }

    /**
     * Waits over the stream without blocking, with the same result and exceptions as
     * {@link dev.verifykit.dock.DockSessions#awaitCompletionAsync(String, WaitOptions)}: the session
     * once it leaves {@code pending} (completed or expired), or a {@link PollCapException},
     * {@link WaitTimeoutException} or the typed refusal. Cancelling the future closes the stream.
     */
    public CompletableFuture<DockSession> awaitCompletionAsync(String sessionId, WaitOptions options) {
        Require.present("options", options);
        return StreamRun.start(dock, streamClient, settings, sessionId, options, new SessionListener() {});
    }

    /** {@link #awaitCompletion(String, WaitOptions)} with the default options. */
    public DockSession awaitCompletion(String sessionId) {
        return awaitCompletion(sessionId, WaitOptions.defaults());
    }

    /** {@link #awaitCompletionAsync(String, WaitOptions)}, blocking; an interrupt closes the stream. */
    public DockSession awaitCompletion(String sessionId, WaitOptions options) {
        return Futures.join(awaitCompletionAsync(sessionId, options), Service.DOCK);
    }
}
