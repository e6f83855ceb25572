package dev.verifykit.dock;

/**
 * An open session stream. Closing it stops at once: the connection is cancelled, no reconnect
 * follows, and no listener call comes after {@link #close()} returns (but see {@link #close()} for
 * a close called inside another stream's listener call).
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

    /**
     * Stops the stream; {@link SessionListener#onClosed()} is called before this returns, once. Called
     * inside a listener call (of another stream, or of another client's) while this stream's
     * listener is in a call on another thread, it does not wait for that call (two listeners closing
     * each other's streams would deadlock): it returns at once, and the stream ends, {@code onClosed}
     * told, as that call returns.
     */
    @Override
    void close();
}
