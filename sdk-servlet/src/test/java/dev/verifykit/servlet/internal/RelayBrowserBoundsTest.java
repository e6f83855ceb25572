package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Browsers are bounded per session and in all (each holds a connection and a queue): beyond either
 * bound a browser is answered 503 and opens nothing upstream, and a browser that leaves frees its
 * place. Each step on the test's thread.
 */
class RelayBrowserBoundsTest {
    private final CountingStreams streams = new CountingStreams();
    private final RelayRegistry registry = new RelayRegistry(streams, WaitOptions.defaults(),
            VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z")), Duration.ofSeconds(15),
            Duration.ofSeconds(3), 10, Duration.ofMinutes(5), 10, 2, 3, 256 * 1024, 64L << 20);

    @Test
    void browsersAreBoundedPerSessionAndInAll() {
        TestSink a1 = new TestSink();
        assertThat(registry.subscribe("vsn_A", null, a1)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(registry.subscribe("vsn_A", null, new TestSink())).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(registry.subscribe("vsn_A", null, new TestSink())).as("a third browser of one session")
                .isEqualTo(RelayRegistry.Admission.UNAVAILABLE);
        assertThat(registry.subscribe("vsn_B", null, new TestSink())).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(registry.subscribe("vsn_C", null, new TestSink())).as("a fourth browser in all")
                .isEqualTo(RelayRegistry.Admission.UNAVAILABLE);
        assertThat(registry.browsers()).isEqualTo(3);
        assertThat(streams.opened).as("upstreams: none for the refused session").hasValue(2);

        a1.close();
        assertThat(registry.browsers()).isEqualTo(2);
        assertThat(registry.subscribe("vsn_C", null, new TestSink())).as("once a browser left")
                .isEqualTo(RelayRegistry.Admission.SUBSCRIBED);

        registry.close();
        assertThat(registry.browsers()).isZero();
        assertThat(streams.openNow).hasValue(0);
    }

    /**
     * A browser refused for the relay's bound on a session nobody watched left the hub made for it
     * behind, for good: it counted among {@code upstreams()} and {@code maxSessions}, so after a burst
     * new sessions were refused with no browser connected.
     */
    @Test
    void aBrowserRefusedForTheRelaysBoundLeavesNoSessionBehind() {
        RelayRegistry small = new RelayRegistry(streams, WaitOptions.defaults(),
                VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z")), Duration.ofSeconds(15),
                Duration.ofSeconds(3), 3, Duration.ofMinutes(5), 10, 8, 2, 256 * 1024, 64L << 20);
        TestSink a1 = new TestSink();
        TestSink a2 = new TestSink();
        assertThat(small.subscribe("vsn_A", null, a1)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(small.subscribe("vsn_A", null, a2)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(small.subscribe("vsn_B", null, new TestSink())).isEqualTo(RelayRegistry.Admission.UNAVAILABLE);
        assertThat(small.subscribe("vsn_C", null, new TestSink())).isEqualTo(RelayRegistry.Admission.UNAVAILABLE);
        assertThat(small.upstreams()).as("A's only").isEqualTo(1);

        a1.close();
        a2.close();

        assertThat(small.upstreams()).as("no browser, no Dock stream open").isZero();
        assertThat(small.subscribe("vsn_D", null, new TestSink())).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(small.subscribe("vsn_E", null, new TestSink())).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(streams.opened).as("upstreams opened: A, D and E").hasValue(3);
        small.close();
    }
}
