package dev.verifykit.servlet.internal;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.poll.WaitOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Upstreams that only count opens and closes (and the most open at once); an open runs {@code beforeOpen}
 * first, a close {@code beforeClose}.
 */
public final class CountingStreams implements SessionStreams {
    public final AtomicInteger opened = new AtomicInteger();
    public final AtomicInteger openNow = new AtomicInteger();
    final AtomicInteger maxOpenAtOnce = new AtomicInteger();
    /** The listener of each upstream opened, in order (tests outside this package tell states to them). */
    public final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    /** Run as upstream {@code n} (1 for the first opened) is closed, before it closes: a test may throw there. */
    public volatile Consumer<Integer> beforeClose = n -> {};
    /** Run as upstream {@code n} is opened, before it opens: a test may throw there. */
    public volatile Consumer<Integer> beforeOpen = n -> {};

    @Override
    public SessionStream open(String sessionId, SessionListener listener, WaitOptions options) {
        int number = opened.incrementAndGet();
        beforeOpen.accept(number);
        maxOpenAtOnce.accumulateAndGet(openNow.incrementAndGet(), Math::max);
        listeners.add(listener);
        return new SessionStream() {
            private boolean open = true;

            @Override
            public String sessionId() {
                return sessionId;
            }

            @Override
            public synchronized boolean isOpen() {
                return open;
            }

            @Override
            public void close() {
                synchronized (this) {
                    if (!open) {
                        return;
                    }
                }
                beforeClose.accept(number);
                synchronized (this) {
                    open = false;
                }
                openNow.decrementAndGet();
                listener.onClosed();
            }
        };
    }

    @Override
    public CompletableFuture<DockSession> awaitCompletionAsync(String sessionId, WaitOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DockSession awaitCompletion(String sessionId, WaitOptions options) {
        throw new UnsupportedOperationException();
    }
}
