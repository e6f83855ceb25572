package dev.verifykit.servlet.internal;

/**
 * Where a relay writes one browser's frames: a bounded queue, drained when the connection can take
 * more. {@link #offer} and {@link #finish} only queue (they are called under the session's lock);
 * {@link #drain} writes, and is called without it.
 */
public interface RelaySink {
    /**
     * Queues a frame; a frame that would take the queue past its bound (behind frames not yet
     * written, once the stream has started) marks the sink overflowed, and the next {@link #drain}
     * closes it (the browser reconnects with {@code Last-Event-ID}).
     */
    void offer(byte[] frame);

    /** Ends the connection once everything queued has been written. */
    void finish();

    /** Writes what it can now. */
    void drain();

    /** Ends the connection now, whatever is still queued; safe to call more than once. */
    void close();

    /** What to run when the connection ends, once (at once when it has ended already). */
    void onClose(Runnable action);
}
