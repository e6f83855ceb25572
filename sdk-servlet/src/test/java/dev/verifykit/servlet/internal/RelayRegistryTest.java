package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The registry's count of upstreams against the upstreams' own state, with streams that record
 * what the registry said while they were being closed: no timing, each step on the test's thread.
 */
class RelayRegistryTest {
    private final VirtualScheduler scheduler = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Integer> upstreamsSeenWhileClosing = new ArrayList<>();
    private RelayRegistry registry;

    private final SessionStreams streams = new SessionStreams() {
        @Override
        public SessionStream open(String sessionId, SessionListener listener, WaitOptions options) {
            return new SessionStream() {
                private boolean open = true;

                @Override
                public String sessionId() {
                    return sessionId;
                }

                @Override
                public boolean isOpen() {
                    return open;
                }

                @Override
                public void close() {
                    upstreamsSeenWhileClosing.add(registry.upstreams());
                    open = false;
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
    };

    private RelayRegistry registry() {
        registry = new RelayRegistry(streams, WaitOptions.defaults(), scheduler, Duration.ofSeconds(15),
                Duration.ofSeconds(3), 10, Duration.ofMinutes(1), 10);
        return registry;
    }

    @Test
    void theUpstreamIsCountedUntilItIsClosedWhenTheLastBrowserLeaves() {
        RelayRegistry relay = registry();
        Sink one = new Sink();
        Sink two = new Sink();
        assertThat(relay.subscribe("vsn_1", null, one)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(relay.subscribe("vsn_1", null, two)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);

        one.close();
        assertThat(relay.upstreams()).isEqualTo(1);
        assertThat(upstreamsSeenWhileClosing).isEmpty();

        two.close();
        // once upstreams() says 0 the stream is closed: it still counted while being closed
        assertThat(upstreamsSeenWhileClosing).containsExactly(1);
        assertThat(relay.upstreams()).isZero();
    }

    @Test
    void closingTheRelayCountsEachUpstreamUntilItIsClosed() {
        RelayRegistry relay = registry();
        relay.subscribe("vsn_1", null, new Sink());
        relay.subscribe("vsn_2", null, new Sink());

        relay.close();

        assertThat(upstreamsSeenWhileClosing).containsExactly(2, 1);
        assertThat(relay.upstreams()).isZero();
    }

    /** A browser connection that takes everything and runs its close actions when told. */
    private static final class Sink implements RelaySink {
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
            if (closed) {
                action.run();
            } else {
                onClose.add(action);
            }
        }

        void close() {
            closed = true;
            onClose.forEach(Runnable::run);
        }
    }
}
