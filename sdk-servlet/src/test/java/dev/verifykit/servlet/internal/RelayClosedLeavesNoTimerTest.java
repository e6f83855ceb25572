package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.json.OpenEnum;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code DockRelay.close()} left the relay's disconnect timers on a scheduler of the application's
 * ({@code RelaySettings.scheduler}): each browser sent its session's end (one of a hub whose upstream
 * ended, one sent a kept end) is to be disconnected a keep-alive period later, and that timer stayed
 * pending after the close (which ends those browsers itself), to fire on the closed relay, holding
 * their connections' async contexts until then. A hub's keep-alive timer was already cancelled.
 */
class RelayClosedLeavesNoTimerTest {
    private final VirtualScheduler scheduler = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingStreams streams = new CountingStreams();

    @Test
    void noTimerOfTheRelayIsLeftOnTheApplicationsSchedulerAfterItsClose() {
        RelayRegistry relay = new RelayRegistry(streams, WaitOptions.defaults(), scheduler, Duration.ofSeconds(15),
                Duration.ofSeconds(3), 10, Duration.ofMinutes(5), 10, 8, 100, 256 * 1024, 64L << 20);
        TestSink live = new TestSink();
        relay.subscribe("vsn_live", null, live);
        TestSink ended = new TestSink();
        relay.subscribe("vsn_done", null, ended);
        DockSession completed = DockSession.builder().id("vsn_done").pid("PID-FREE0001").clientId("user_1")
                .status(OpenEnum.of(DockSessionStatus.class, "completed")).expiresAt(Instant.parse("2026-01-01T00:05:00Z"))
                .verifyUrl("https://example.test/verify").build();
        SessionListener upstream = streams.listeners.get(1);
        upstream.onSession(completed);
        upstream.onTerminal(completed);
        TestSink late = new TestSink();
        relay.subscribe("vsn_done", null, late); // sent the kept end
        assertThat(scheduler.pendingTasks()).as("a keep-alive and two disconnects scheduled").isEqualTo(3);

        relay.close();

        assertThat(live.isClosed()).isTrue();
        assertThat(ended.isClosed()).isTrue();
        assertThat(late.isClosed()).isTrue();
        assertThat(scheduler.pendingTasks()).as("timers of the closed relay left on the application's scheduler")
                .isZero();
    }
}
