package dev.verifykit.examples.cli;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.sse.DockSessionStreams;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** Follows a Dock session's stream until it closes, for {@code verifykit dock stream}. */
final class StreamFollower implements SessionListener {
    private final Consumer<DockSession> onSession;
    private final PrintWriter warnings;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean ended;
    private volatile VerifyKitException failure;
    /** The last error, not yet shown. */
    private VerifyKitException pending;

    private StreamFollower(Consumer<DockSession> onSession, PrintWriter warnings) {
        this.onSession = onSession;
        this.warnings = warnings;
    }

    /**
     * Hands each state of the session to {@code onSession} and each stream error the stream went
     * on after to {@code warnings}, until the stream closes.
     *
     * @throws VerifyKitException the last error, when the stream closed before the session ended
     */
    static void follow(DockClient client, String sessionId, Consumer<DockSession> onSession, PrintWriter warnings)
            throws InterruptedException {
        StreamFollower follower = new StreamFollower(onSession, warnings);
        try (SessionStream stream = DockSessionStreams.of(client).open(sessionId, follower)) {
            follower.closed.await();
        }
        if (!follower.ended && follower.failure != null) {
            throw follower.failure;
        }
    }

    @Override
    public synchronized void onSession(DockSession session) {
        warnOfPending();
        onSession.accept(session);
    }

    @Override
    public synchronized void onTerminal(DockSession session) {
        ended = true;
    }

    /** Kept until the stream goes on after it (a warning) or closes on it (thrown by {@link #follow}: one line, not two). */
    @Override
    public synchronized void onError(VerifyKitException error) {
        warnOfPending();
        pending = error;
        failure = error;
    }

    @Override
    public synchronized void onClosed() {
        if (ended) {
            warnOfPending();
        }
        closed.countDown();
    }

    private void warnOfPending() {
        if (pending != null) {
            warnings.println("warning: " + pending.getMessage());
            warnings.flush();
            pending = null;
        }
    }
}
