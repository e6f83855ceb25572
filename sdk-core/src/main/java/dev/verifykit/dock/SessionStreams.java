package dev.verifykit.dock;

import dev.verifykit.error.PollCapException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.poll.WaitOptions;
import java.util.concurrent.CompletableFuture;

/**
 * Dock sessions followed as their events arrive (a stream per session), for a completion seen the
 * moment it happens. Every stream open is a read of the session: it keeps the minimum poll interval
 * and counts against the plan's poll cap, together with long-polls of the same client.
 *
 * <p>Get one from {@code verifykit-sse}: {@code DockSessionStreams.of(dock)}. An interface, so that
 * your own tests can fake it.
 *
 * <pre>{@code
 * SessionStreams streams = DockSessionStreams.of(dock);
 * DockSession done = streams.awaitCompletion(session.id());          // blocking
 * streams.awaitCompletionAsync(session.id()).thenAccept(this::store);  // or not
 * }</pre>
 *
 * <p>A stream the server closes while the session is pending is reopened, with
 * {@code Last-Event-ID}, so that opens start at least the minimum interval or the server's {@code retry:}
 * apart, whichever is longer: after a stream that lived its 30-s maximum, at once, so the session
 * is never left unwatched. A {@code retry:} longer than the retry policy's {@code maxRetryAfter}
 * (30 s by default) is shortened to it, as a {@code Retry-After} is. A stream that drops after a
 * healthy connection (one that lived a keep-alive period and carried a line, a keep-alive at least:
 * a stream resumed with nothing new carries only keep-alives) is no failed open: it is reopened the
 * server's {@code retry:}, if any, after the drop, and at least the minimum interval after the
 * previous open, with no backoff. Failed opens back off with jitter; after
 * {@link StreamSettings#maxConsecutiveFailures()} in a row the wait goes on with long-polls (or fails, if
 * {@link StreamSettings#fallbackToLongPoll()} is off). A 401, 403 or 404 ends it at once;
 * a 429 waits as its {@code Retry-After} says.
 */
public interface SessionStreams {
    /** {@link #open(String, SessionListener, WaitOptions)} with the default options. */
    default SessionStream open(String sessionId, SessionListener listener) {
        return open(sessionId, listener, WaitOptions.defaults());
    }

    /**
     * Follows a session, telling the listener of each state until the session ends, the options'
     * deadline passes, the poll cap is reached, or the stream is closed.
     *
     * @throws ValidationException for a blank session id or options below the guardrails
     */
    SessionStream open(String sessionId, SessionListener listener, WaitOptions options);

    /** {@link #awaitCompletionAsync(String, WaitOptions)} with the default options. */
    default CompletableFuture<DockSession> awaitCompletionAsync(String sessionId) {
        return awaitCompletionAsync(sessionId, WaitOptions.defaults());
    }

    /**
     * Waits over the stream without blocking, with the same result and exceptions as
     * {@link DockSessions#awaitCompletionAsync(String, WaitOptions)}: the session once it leaves
     * {@code pending} (completed or expired), or a {@link PollCapException},
     * {@link WaitTimeoutException} or the typed refusal. Cancelling the future closes the stream.
     */
    CompletableFuture<DockSession> awaitCompletionAsync(String sessionId, WaitOptions options);

    /** {@link #awaitCompletion(String, WaitOptions)} with the default options. */
    default DockSession awaitCompletion(String sessionId) {
        return awaitCompletion(sessionId, WaitOptions.defaults());
    }

    /**
     * {@link #awaitCompletionAsync(String, WaitOptions)}, blocking; an interrupt closes the stream and
     * ends the wait with a {@link dev.verifykit.error.WaitCancelledException} (the interrupt flag
     * kept), as it ends {@link DockSessions#awaitCompletion(String, WaitOptions)}: on a thread
     * interrupted already, no stream is opened.
     */
    DockSession awaitCompletion(String sessionId, WaitOptions options);
}
