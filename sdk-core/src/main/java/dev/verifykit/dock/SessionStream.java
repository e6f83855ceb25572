package dev.verifykit.dock;

/**
 * An open session stream. Closing it stops at once: the connection is cancelled, no reconnect
 * follows, and no listener call comes after {@link #close()} returns.
 *
 * <pre>{@code
 * try (SessionStream stream = streams.open(sessionId, listener)) {
 *     done.await();
 * }
 * }</pre>
 */
public interface SessionStream extends AutoCloseable {
    /** The session streamed. */
    String sessionId();

    /** Whether the stream is still running (not ended, not closed). */
    boolean isOpen();

    /** Stops the stream; {@link SessionListener#onClosed()} is called before this returns, once. */
    @Override
    void close();
}
