package dev.verifykit.examples.cli;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.sse.DockSessionStreams;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** Follows a Dock session's stream until it closes, for {@code verifykit dock stream}. */
final class StreamFollower implements SessionListener {
    private final Consumer<DockSession> onSession;
    private final PrintWriter warnings;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean ended;
    private volatile VerifyKitException failure;
    private volatile UncheckedIOException outputFailed;

    private StreamFollower(Consumer<DockSession> onSession, PrintWriter warnings) {
        this.onSession = onSession;
        this.warnings = warnings;
    }

    /**
     * Hands each state of the session to {@code onSession} and each stream error to
     * {@code warnings}, until the stream closes.
     *
     * @throws VerifyKitException the last error, when the stream closed before the session ended
     * @throws UncheckedIOException when a state could not be printed ({@code onSession} threw it): the
     *     stream is closed then, not followed on as if that state had been printed
     */
    static void follow(DockClient client, String sessionId, Consumer<DockSession> onSession, PrintWriter warnings)
            throws InterruptedException {
        StreamFollower follower = new StreamFollower(onSession, warnings);
        try (SessionStream stream = DockSessionStreams.of(client).open(sessionId, follower)) {
            follower.closed.await();
        }
        if (follower.outputFailed != null) {
            throw follower.outputFailed;
        }
        if (!follower.ended && follower.failure != null) {
            throw follower.failure;
        }
    }

    @Override
    public void onSession(DockSession session) {
        if (outputFailed != null) {
            return; // closing: one failed write says it all
        }
        try {
            onSession.accept(session);
        } catch (UncheckedIOException unwritable) {
            // thrown here, it would be one more stream error, and the stream go on to exit 0 at its end
            outputFailed = unwritable;
            closed.countDown();
        }
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
