package dev.verifykit.time.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.testing.ForwardingScheduler;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A client given a {@code Scheduler} of the application's own (the Spring starter passes the
 * application's bean) leaves no VerifyKit timer thread running once it is closed (README: "Each
 * client runs its delayed tasks ... on a daemon timer thread of its own, ... ended by close(), ...
 * so an application server can unload an application whose clients it closed"). Its attempts'
 * time limits and interrupt checks ran on the JVM-wide {@code Scheduler.system()} timer, whose
 * {@code verifykit-timer-N} threads lived on 30 s after the client's close (the leak
 * {@code NoTimerOutlivesContextTest} fixed for the servlet endpoints).
 */
class CustomSchedulerTimerThreadTest {
    /** An application's scheduler: the real clock, and no delayed task expected of a create. */
    private static Scheduler applicationScheduler() {
        return new ForwardingScheduler(Scheduler.system()) {
            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                throw new UnsupportedOperationException("no delayed task in this test");
            }
        };
    }

    private static Set<Thread> timerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("verifykit-timer-"))
                .collect(Collectors.toSet());
    }

    @Test
    void aClientOnTheApplicationsSchedulerLeavesNoTimerThreadAfterItsClose() throws Exception {
        try (MockServer mock = MockServer.start(MockSettings.defaults())) {
            Set<Thread> before = timerThreads();
            DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                    .scheduler(applicationScheduler()).build();
            dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
            dock.close();

            List<Thread> started = timerThreads().stream().filter(thread -> !before.contains(thread)).toList();
            for (Thread thread : started) {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            }
            assertThat(started).as("timer threads the client started, still running after its close")
                    .noneMatch(Thread::isAlive);
        }
    }
}
