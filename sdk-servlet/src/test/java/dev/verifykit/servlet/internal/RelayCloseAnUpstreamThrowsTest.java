package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * close() is final (DockRelay's Javadoc: it ends every relayed stream and refuses new ones): an
 * upstream whose close throws (a SessionStreams of the integrator's, the interface being public so it
 * can be faked or replaced) must not leave the other sessions' upstreams open and their browsers
 * connected; the first throwable may be thrown after every one was closed, as the clients' close does.
 */
class RelayCloseAnUpstreamThrowsTest {
    private final VirtualScheduler scheduler = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingStreams streams = new CountingStreams();

    @Test
    void closingTheRelayClosesEveryUpstreamAndBrowserWhenOneUpstreamsCloseThrows() {
        AtomicBoolean failed = new AtomicBoolean();
        streams.beforeClose = number -> {
            if (!failed.getAndSet(true)) {
                throw new IllegalStateException("the first upstream closed failed");
            }
        };
        RelayRegistry relay = new RelayRegistry(streams, WaitOptions.defaults(), scheduler, Duration.ofSeconds(15),
                Duration.ofSeconds(3), 10, Duration.ofMinutes(1), 10, 8, 100, 256 * 1024, 64L << 20);
        TestSink first = new TestSink();
        TestSink second = new TestSink();
        TestSink third = new TestSink();
        relay.subscribe("vsn_1", null, first);
        relay.subscribe("vsn_2", null, second);
        relay.subscribe("vsn_3", null, third);

        Throwable thrown = catchThrowable(relay::close); // whether it throws is not the point
        assertThat(failed).as("an upstream's close threw").isTrue();

        long connected = java.util.stream.Stream.of(first, second, third).filter(sink -> !sink.isClosed()).count();
        assertThat(connected).as("browsers still connected after the relay's close (thrown: " + thrown + ")").isZero();
        assertThat(streams.openNow.get()).as("upstreams still open after the relay's close (1 is the one whose close threw)")
                .isLessThanOrEqualTo(1);
        assertThat(relay.upstreams()).as("upstreams the relay still counts").isLessThanOrEqualTo(1);
    }
}
