package dev.verifykit.servlet.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A browser that only gets what was drained to it, and says whether its stream was finished. */
final class WrittenSink implements RelaySink {
    final List<String> queued = new ArrayList<>();
    final List<String> written = new ArrayList<>();
    boolean finished;

    @Override
    public synchronized void offer(byte[] frame) {
        queued.add(new String(frame, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void finish() {
        finished = true;
    }

    @Override
    public synchronized void drain() {
        written.addAll(queued);
        queued.clear();
    }

    @Override
    public void onClose(Runnable action) {}

    @Override
    public void close() {}
}
