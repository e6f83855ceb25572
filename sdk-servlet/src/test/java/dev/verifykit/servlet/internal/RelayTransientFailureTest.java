package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.Service;
import dev.verifykit.error.TransportException;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An upstream that ended because Dock was unreachable for a while (the core's stream and long-poll
 * fallback gave up: relay-error "unavailable") was remembered like a terminal state for
 * endedRetention (5 minutes by default, a whole session lifetime): a browser that opened the page
 * again 30 s later, Dock long since back, was handed the stale error and no upstream was opened, so
 * the still-pending session could not be followed through the relay again. (Found by an outside
 * review.)
 */
class RelayTransientFailureTest {
    private final VirtualScheduler scheduler = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingStreams streams = new CountingStreams();

    @Test
    void aTransientUpstreamFailureIsNotServedToANewBrowserInsteadOfFollowingTheSessionAgain() {
        RelayRegistry relay = new RelayRegistry(streams, WaitOptions.defaults(), scheduler, Duration.ofSeconds(15),
                Duration.ofSeconds(3), 10, Duration.ofMinutes(5), 10, 8, 100);
        TestSink first = new TestSink();
        assertThat(relay.subscribe("vsn_A1b2C3d4E5f6G7h8J9k0L1", null, first)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(streams.opened.get()).isEqualTo(1);

        // Dock unreachable: the upstream wait gives up
        streams.listeners.get(0).onError(new TransportException(Service.DOCK, "dock: connection refused", null, null));
        streams.listeners.get(0).onClosed();
        assertThat(String.join("", first.frames)).contains("relay-error", "unavailable");

        scheduler.advance(Duration.ofSeconds(30)); // Dock is back; the user reloads the page
        TestSink reload = new TestSink();
        RelayRegistry.Admission admission = relay.subscribe("vsn_A1b2C3d4E5f6G7h8J9k0L1", null, reload);

        assertThat(admission).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(streams.opened.get())
                .as("upstreams opened; the reloaded page was sent instead: %s", reload.frames)
                .isEqualTo(2);
    }
}
