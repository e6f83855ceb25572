package dev.verifykit.servlet.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A browser connection that keeps every frame and runs its close actions when closed; thread-safe.
 * Public for the relay's tests outside this package.
 */
public final class TestSink implements RelaySink {
    /** The frames offered, as text. */
    public final List<String> frames = new CopyOnWriteArrayList<>();
    private final List<Runnable> onClose = new ArrayList<>();
    private boolean closed;

    @Override
    public void offer(byte[] frame) {
        frames.add(new String(frame, StandardCharsets.UTF_8));
    }

    @Override
    public void finish() {}

    @Override
    public void drain() {}

    @Override
    public void onClose(Runnable action) {
        synchronized (this) {
            if (!closed) {
                onClose.add(action);
                return;
            }
        }
        action.run();
    }

    /** Whether the stream was closed (ended at once, not {@link #finish() finished} after its frames). */
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        List<Runnable> actions;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            actions = List.copyOf(onClose);
        }
        actions.forEach(Runnable::run);
    }
}
