package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.ForwardingScheduler;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * CHANGELOG: "DockRelay.close() ends every relayed stream, closes every browser ... even when a
 * SessionStreams of yours throws as one upstream is closed". The same close with a
 * RelaySettings.scheduler of yours whose keep-alive timer throws as it is cancelled (the case the
 * clients' close handles: "your Scheduler's timer as it is cancelled"): RelayHub.end cancels the
 * timer before it closes the hub's browsers and upstream, so the throw leaves every browser of the
 * hub connected and its upstream open, and eachKept in RelayRegistry.close does not reach them.
 */
class RelayCloseTimerCancelThrowsTest {
    private static final class ThrowingCancels extends ForwardingScheduler {
        ThrowingCancels() {
            super(VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z")));
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            Cancellable timer = inner.schedule(delay, task);
            return () -> {
                timer.cancel();
                throw new IllegalStateException("the timer's cancel failed");
            };
        }
    }

    @Test
    void closingTheRelayClosesEveryBrowserAndUpstreamWhenATimersCancelThrows() {
        CountingStreams streams = new CountingStreams();
        RelayRegistry relay = new RelayRegistry(streams, WaitOptions.defaults(), new ThrowingCancels(),
                Duration.ofSeconds(15), Duration.ofSeconds(3), 10, Duration.ofMinutes(1), 10, 8, 100, 256 * 1024, 64L << 20);
        TestSink first = new TestSink();
        TestSink second = new TestSink();
        relay.subscribe("vsn_1", null, first);
        relay.subscribe("vsn_2", null, second);

        Throwable thrown = catchThrowable(relay::close); // whether it throws is not the point

        long connected = Stream.of(first, second).filter(sink -> !sink.isClosed()).count();
        assertThat(connected).as("browsers still connected after the relay's close (thrown: " + thrown + ")").isZero();
        assertThat(streams.openNow.get()).as("upstreams still open after the relay's close").isZero();
    }
}
