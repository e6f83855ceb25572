package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The registry's count of upstreams against the upstreams' own state, with streams that record
 * what the registry said while they were being closed: no timing, each step on the test's thread.
 */
class RelayRegistryTest {
    private final VirtualScheduler scheduler = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Integer> upstreamsSeenWhileClosing = new ArrayList<>();
    private RelayRegistry registry;

    private final CountingStreams streams = new CountingStreams();

    private RelayRegistry registry() {
        streams.beforeClose = number -> upstreamsSeenWhileClosing.add(registry.upstreams());
        registry = new RelayRegistry(streams, WaitOptions.defaults(), scheduler, Duration.ofSeconds(15),
                Duration.ofSeconds(3), 10, Duration.ofMinutes(1), 10, 8, 100, 256 * 1024, 64L << 20);
        return registry;
    }

    @Test
    void theUpstreamIsCountedUntilItIsClosedWhenTheLastBrowserLeaves() {
        RelayRegistry relay = registry();
        TestSink one = new TestSink();
        TestSink two = new TestSink();
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
        relay.subscribe("vsn_1", null, new TestSink());
        relay.subscribe("vsn_2", null, new TestSink());

        relay.close();

        assertThat(upstreamsSeenWhileClosing).containsExactly(2, 1);
        assertThat(relay.upstreams()).isZero();
    }

    /**
     * An {@link Error} out of an upstream's open (a class missing from the application, a stack
     * overflow) left the session's hub "being opened" for good: its browser was never told, the session
     * held its place among {@code maxSessions} with no upstream, and the relay's close waited 5 s for it.
     * It ends as an upstream that failed to open: the browser is told, the hub leaves, and the
     * {@code Error} is thrown on as it is.
     */
    @Test
    void anErrorOpeningAnUpstreamEndsItsHubAndIsThrownOn() {
        streams.beforeOpen = number -> {
            throw new NoClassDefFoundError("okhttp3/sse/EventSources");
        };
        RelayRegistry relay = registry();
        TestSink browser = new TestSink();

        assertThatThrownBy(() -> relay.subscribe("vsn_1", null, browser)).isInstanceOf(NoClassDefFoundError.class);

        assertThat(relay.upstreams()).as("sessions the relay still counts").isZero();
        assertThat(browser.frames).as("what the browser was sent").anySatisfy(frame -> assertThat(frame).contains("relay-error"));
    }
}
