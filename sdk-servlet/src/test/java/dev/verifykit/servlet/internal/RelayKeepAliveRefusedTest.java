package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.testing.ForwardingScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * RelaySettings.scheduler of the application's that refuses a task (a ScheduledExecutorService shut
 * down: RejectedExecutionException). disconnectLater copes with that; RelayHub.scheduleKeepAlive does
 * not: called from join() after the browser was added and the upstream opened, its refusal leaves
 * subscribe() before the browser's close hook (hub.leave) is registered. DockRelayServlet answers 500
 * and closes the sink, but the hub keeps that browser (counted against maxBrowsers), its Dock stream
 * stays open (reads against the session's caps) and the hub holds a place among maxSessions, until
 * the session ends by itself (found by an outside review). Now the refusal is logged and the
 * browser joins without keep-alives.
 */
class RelayKeepAliveRefusedTest {
    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingStreams streams = new CountingStreams();

    /** The test's virtual clock, whose schedule refuses every task. */
    private final Scheduler refusing = new ForwardingScheduler(time) {
        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            throw new RejectedExecutionException("the application's executor is shut down");
        }
    };

    @Test
    void aBrowserWhoseKeepAliveTimerIsRefusedLeavesNothingBehind() {
        RelayRegistry relay = new RelayRegistry(streams, WaitOptions.defaults(), refusing, Duration.ofSeconds(15),
                Duration.ofSeconds(3), 10, Duration.ofMinutes(1), 10, 8, 100, 256 * 1024, 64L << 20);
        TestSink browser = new TestSink();

        Throwable subscribed = catchThrowable(() -> relay.subscribe("vsn_1", null, browser));
        browser.close(); // as DockRelayServlet does when subscribe throws (answered 500); the browser goes away

        assertThat(relay.browsers()).as("browsers counted once the only browser was answered and closed"
                + " (subscribe threw %s)", subscribed).isZero();
        assertThat(streams.openNow).as("Dock streams left open").hasValue(0);
        assertThat(relay.upstreams()).as("upstreams counted").isZero();
    }
}
