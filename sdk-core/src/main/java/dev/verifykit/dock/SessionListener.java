package dev.verifykit.dock;

import dev.verifykit.dock.DockSession;
import dev.verifykit.error.VerifyKitException;

/**
 * Hears what a session stream learns. Every method has an empty default, so implement only what
 * you need. Calls come one at a time, from VerifyKit's threads: return quickly. None comes after
 * {@link SessionStream#close()} (or the client's {@code close()}) has returned on a thread outside
 * the listener calls; one inside them does not wait for another stream's call in progress (see
 * {@link SessionStream#close()}). Anything a method throws, an {@link Error} such as a
 * failed assertion included, is reported to {@link #onError} as a {@link VerifyKitException} whose
 * cause it is, and does not end the stream; when {@code onError} itself throws, that is logged once
 * per stream (logger {@code dev.verifykit.sse}, WARNING) and ignored, and so is what
 * {@link #onClosed} throws (no call follows it), and what a method throws after it closed its own
 * stream, {@code onClosed} told (logged at WARNING).
 *
 * <pre>{@code
 * SessionStream stream = streams.open(session.id(), new SessionListener() {
 *     @Override public void onTerminal(DockSession done) { done.result().ifPresent(link -> store(link)); }
 *     @Override public void onError(VerifyKitException e) { log.warn("stream trouble", e); }
 * });
 * }</pre>
 */
public interface SessionListener {
    /**
     * The session changed (or the stream opened): called with each state that differs from the one
     * told before it, in order (a server coming back to an earlier state, a stale replica behind a
     * balancer say, has it told again).
     */
    default void onSession(DockSession session) {}

    /** The session left {@code pending}: completed, expired, or a state this SDK does not know. */
    default void onTerminal(DockSession session) {}

    /**
     * Something went wrong: a malformed event (the stream goes on), a malformed stream (a line or an
     * event over {@code maxResponseBytes}, or a connection that ended before its first event; the
     * stream goes on, reopened or falling back to long-polls), an exception of this listener (the
     * stream goes on), or the failure that ended the stream (followed by {@link #onClosed}).
     */
    default void onError(VerifyKitException error) {}

    /** The stream has ended, for whatever reason; the last call this listener gets. */
    default void onClosed() {}
}
