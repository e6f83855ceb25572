package dev.verifykit.servlet.internal;

import java.util.ArrayList;
import java.util.List;

/** A browser connection that takes every frame and runs its close actions when closed; thread-safe. */
final class TestSink implements RelaySink {
    private final List<Runnable> onClose = new ArrayList<>();
    private boolean closed;

    @Override
    public void offer(byte[] frame) {}

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
