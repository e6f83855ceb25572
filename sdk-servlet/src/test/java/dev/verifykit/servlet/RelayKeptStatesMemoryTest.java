package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.json.OpenEnum;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.servlet.internal.RelayRegistry;
import dev.verifykit.servlet.internal.RelaySink;
import dev.verifykit.testing.ChildJvm;
import dev.verifykit.time.VirtualScheduler;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY.md, Bounds: "Every buffer the SDK fills from outside has a limit; past it the caller
 * gets a typed exception, never an OutOfMemoryError". The relay kept, per session, up to 8 states
 * (its hub's history) and, for 5 minutes after a session's end, what its browsers were told (up to
 * 9 frames) for up to {@code maxEndedSessions} (10,000) sessions: bounded by count only. Each frame
 * is the session as Dock sent it, unknown members included, so its size is bounded only by the
 * core's {@code maxResponseBytes} (4 MiB). The relay's kept ends could thus hold 10,000 × 9 × 4 MiB.
 *
 * <p>Shown in a JVM of its own with a 256 MiB heap, the relay at its default settings: sessions that
 * each ended with one 1-MiB state (a quarter of {@code maxResponseBytes}), 114 of them (about 1% of
 * {@code maxEndedSessions}), ran the relay out of memory. The ends kept now hold at most
 * {@code maxEndedBytes} (64 MiB) together, and an ended hub lets go of its states.
 */
class RelayKeptStatesMemoryTest {
    private static final int STATE_BYTES = 1 << 20;

    /** A browser that reads at once and keeps nothing. */
    private static final class Browser implements RelaySink {
        @Override
        public void offer(byte[] frame) {}

        @Override
        public void finish() {}

        @Override
        public void drain() {}

        @Override
        public void close() {}

        @Override
        public void onClose(Runnable action) {}
    }

    /** Upstreams whose listener the loop below drives as Dock's stream would. */
    private static final class Upstreams implements SessionStreams {
        SessionListener last;

        @Override
        public SessionStream open(String sessionId, SessionListener listener, WaitOptions options) {
            last = listener;
            return new SessionStream() {
                @Override
                public String sessionId() {
                    return sessionId;
                }

                @Override
                public boolean isOpen() {
                    return false;
                }

                @Override
                public void close() {}
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

    public static void main(String[] args) {
        if (STATE_BYTES >= HttpSettings.defaults().maxResponseBytes()) {
            throw new IllegalStateException("a state must be within maxResponseBytes");
        }
        Upstreams upstreams = new Upstreams();
        RelaySettings settings = RelaySettings.builder()
                .scheduler(VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"))).build();
        DockRelay relay = DockRelay.create(upstreams, settings);
        String note = "n".repeat(STATE_BYTES);
        int ended = 0;
        try {
            for (; ended < 1_000; ended++) {
                String id = "vsn_" + ended;
                if (relay.registry().subscribe(id, null, new Browser()) != RelayRegistry.Admission.SUBSCRIBED) {
                    System.out.println("RESULT refused at session " + ended);
                    return;
                }
                DockSession completed = DockSession.builder().id(id).pid("PID-ABC12345").clientId("user_" + ended)
                        .status(OpenEnum.of(DockSessionStatus.class, "completed"))
                        .expiresAt(Instant.parse("2026-01-01T00:05:00Z")).verifyUrl("https://example.test/verify")
                        .putAdditionalProperties("note", note).build();
                upstreams.last.onSession(completed);
                upstreams.last.onTerminal(completed);
            }
        } catch (OutOfMemoryError e) {
            System.out.println("RESULT OutOfMemoryError after " + ended + " sessions ended with a state of "
                    + STATE_BYTES + " bytes (maxEndedSessions " + settings.maxEndedSessions() + ", maxResponseBytes "
                    + HttpSettings.defaults().maxResponseBytes() + ")");
            return;
        }
        System.out.println("RESULT kept the ends of " + ended + " sessions");
    }

    /**
     * The child JVM serializes about 1 GB of states in a 256 MiB heap: 17 s on an idle 2-core machine,
     * past the build's default test timeout of 60 s on a loaded one (where it failed so, its child still
     * working); its guard is a hang guard only ({@link ChildJvm}).
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void sessionEndsKeptWithinMaxEndedSessionsDoNotRunA256MibHeapOutOfMemory(@TempDir Path dir) throws Exception {
        String printed = ChildJvm.run(RelayKeptStatesMemoryTest.class, dir, "-Xmx256m");
        assertThat(printed).as("what the child JVM printed").contains("RESULT").doesNotContain("OutOfMemoryError");
    }
}
