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

    private StreamFollower(Consumer<DockSession> onSession, PrintWriter warnings) {
        this.onSession = onSession;
        this.warnings = warnings;
    }

    /**
     * Hands each state of the session to {@code onSession} and each stream error to
     * {@code warnings}, until the stream closes.
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
    public void onSession(DockSession session) {
        onSession.accept(session);
    }

    @Override
    public void onTerminal(DockSession session) {
        ended = true;
    }

    @Override
    public void onError(VerifyKitException error) {
        failure = error;
        warnings.println("warning: " + Output.printable(error.getMessage()));
        warnings.flush();
    }

    @Override
    public void onClosed() {
        closed.countDown();
    }
}
