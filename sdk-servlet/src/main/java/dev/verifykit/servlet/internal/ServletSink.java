package dev.verifykit.servlet.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * One browser's event stream on an asynchronous servlet response, written without blocking: frames
 * wait in a queue and are written while the container says the connection can take them. The
 * connection ends when the relay finishes it, when the queue overflows (a browser that does not
 * read), or when the container reports the browser gone or a failed write; then {@code onClose}
 * runs, once.
 *
 * <p>A browser falls behind when frames wait unwritten for it: once its stream has started, a
 * frame that would take a queue holding any past {@code maxBufferedBytes} overflows it. What the
 * browser is sent as it connects (the {@code retry:} field and the few states it has not seen,
 * queued before {@link #start}) and a frame offered to an empty queue are taken whatever their size,
 * so that a state larger than the bound (a session with long fields, or unknown ones kept) still
 * reaches a browser that reads: the queue holds at most the bound, one such frame, or what the
 * browser connected for (a state is about the size of Dock's answer, which the client bounds by
 * its {@code maxResponseBytes}).
 */
public final class ServletSink implements RelaySink, WriteListener, AsyncListener {
    private final AsyncContext async;
    private final long maxBufferedBytes;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private ServletOutputStream out;
    private Runnable onClose = () -> {};
    private long queuedBytes;
    private boolean started;
    private boolean needsFlush;
    private boolean finishing;
    private boolean overflowed;
    private boolean closed;

    /** A sink on a started asynchronous request; nothing is written before {@link #start}. */
    public ServletSink(AsyncContext async, long maxBufferedBytes) {
        this.async = async;
        this.maxBufferedBytes = maxBufferedBytes;
        async.addListener(this);
    }

    @Override
    public void onClose(Runnable action) {
        synchronized (this) {
            if (!closed) {
                onClose = action;
                return;
            }
        }
        action.run();
    }

    /**
     * Starts writing, without blocking: nothing is written before the write listener is set (a
     * write before it would block), then what is queued goes out as the connection takes it.
     */
    public void start() throws IOException {
        ServletOutputStream stream = async.getResponse().getOutputStream();
        stream.setWriteListener(this);
        synchronized (this) {
            out = stream;
            started = true;
        }
        drain();
    }

    @Override
    public synchronized void offer(byte[] frame) {
        if (closed || finishing || overflowed) {
            return;
        }
        if (started && !queue.isEmpty() && queuedBytes + frame.length > maxBufferedBytes) {
            overflowed = true;
            queue.clear();
            queuedBytes = 0;
            return;
        }
        queue.add(frame);
        queuedBytes += frame.length;
    }

    @Override
    public synchronized void finish() {
        finishing = true;
    }

    @Override
    public void drain() {
        boolean end = false;
        synchronized (this) {
            if (!started || closed) {
                return;
            }
            if (overflowed) {
                end = true;
            } else {
                try {
                    while (out.isReady()) {
                        byte[] next = queue.poll();
                        if (next != null) {
                            queuedBytes -= next.length;
                            out.write(next);
                            needsFlush = true;
                        } else if (needsFlush) {
                            out.flush();
                            needsFlush = false;
                        } else {
                            end = finishing;
                            break;
                        }
                    }
                } catch (IOException | IllegalStateException e) {
                    end = true;
                }
            }
        }
        if (end) {
            close();
        }
    }

    /** Ends the connection now; safe to call more than once, from any thread. */
    @Override
    public void close() {
        Runnable action;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            queuedBytes = 0;
            action = onClose;
        }
        try {
            action.run();
        } finally {
            try {
                async.complete();
            } catch (IllegalStateException alreadyOver) {
                // the container ended the request first (the browser went away)
            }
        }
    }

    /** Whether the connection has ended. */
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void onWritePossible() {
        drain();
    }

    @Override
    public void onError(Throwable failure) {
        close();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
