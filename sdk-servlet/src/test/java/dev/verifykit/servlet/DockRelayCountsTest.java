package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.servlet.internal.CountingStreams;
import dev.verifykit.servlet.internal.TestSink;
import dev.verifykit.time.VirtualScheduler;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@link DockRelay#upstreams()} and {@link DockRelay#browsers()}: the sessions whose upstream is open now
 * (one however many browsers watch it) and the browsers connected over all sessions. On a virtual
 * scheduler: no timer of the relay's own.
 */
class DockRelayCountsTest {

    @Test
    void theRelayCountsOneUpstreamPerSessionAndEveryBrowser() {
        CountingStreams streams = new CountingStreams();
        DockRelay relay = DockRelay.create(streams, RelaySettings.builder()
                .scheduler(VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"))).build());
        TestSink first = new TestSink();
        relay.registry().subscribe("vsn_1", null, first);
        relay.registry().subscribe("vsn_1", null, new TestSink());
        relay.registry().subscribe("vsn_2", null, new TestSink());

        assertThat(relay.upstreams()).isEqualTo(2);
        assertThat(relay.browsers()).isEqualTo(3);
        assertThat(relay).hasToString("DockRelay[upstreams=2, browsers=3]");

        first.close();
        assertThat(relay.upstreams()).as("the session still has a browser").isEqualTo(2);
        assertThat(relay.browsers()).isEqualTo(2);

        relay.close();
        assertThat(relay.upstreams()).isZero();
        assertThat(relay.browsers()).isZero();
    }
}
