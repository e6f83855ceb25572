package dev.verifykit.time.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.testing.DockInternals;
import dev.verifykit.time.Scheduler;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No VerifyKit timer thread pins an application's class loader: each client has a timer of its
 * own that its close() ends, a timer thread ends when idle, and it never carries the context class
 * loader of the application thread that happened to schedule first.
 */
class TimerThreadTest {
    private static Thread threadOf(Scheduler scheduler) throws Exception {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        scheduler.schedule(Duration.ZERO, () -> thread.complete(Thread.currentThread()));
        return thread.get(10, TimeUnit.SECONDS);
    }

    @Test
    void eachClientHasATimerOfItsOwnThatItsCloseEnds() throws Exception {
        DockClient first = DockClient.builder().apiKey("dk_test_timer").build();
        DockClient second = DockClient.builder().apiKey("dk_test_timer").build();
        Scheduler firstTimer = DockInternals.scheduler(first);
        Scheduler secondTimer = DockInternals.scheduler(second);
        assertThat(firstTimer).isInstanceOf(SystemScheduler.class)
                .isNotSameAs(Scheduler.system()).isNotSameAs(secondTimer);

        Thread firstThread = threadOf(firstTimer);
        Thread secondThread = threadOf(secondTimer);
        assertThat(firstThread).isNotSameAs(secondThread);
        assertThat(firstThread.getName()).startsWith("verifykit-timer-");
        assertThat(firstThread.isDaemon()).isTrue();

        CountDownLatch pending = new CountDownLatch(1);
        firstTimer.schedule(Duration.ofHours(1), pending::countDown);
        first.close();
        firstThread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(firstThread.isAlive()).as("the closed client's timer thread").isFalse();
        assertThat(((SystemScheduler) firstTimer).awaitTermination(Duration.ofSeconds(10))).isTrue();
        // a task pending at close, and one scheduled after, run at once (they find the client closed), not never
        assertThat(pending.await(10, TimeUnit.SECONDS)).as("the task pending at close ran").isTrue();
        CountDownLatch late = new CountDownLatch(1);
        firstTimer.schedule(Duration.ofHours(1), late::countDown);
        assertThat(late.await(10, TimeUnit.SECONDS)).as("the task scheduled after close ran").isTrue();

        assertThat(secondThread.isAlive()).as("the open client's timer thread").isTrue();
        second.close();
        secondThread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(secondThread.isAlive()).isFalse();
    }

    @Test
    void aSchedulerTheCallerGaveIsKeptAndNotClosed() {
        Scheduler given = SystemScheduler.newTimer();
        try (DockClient dock = DockClient.builder().apiKey("dk_test_timer").scheduler(given).build()) {
            assertThat(DockInternals.scheduler(dock)).isSameAs(given);
        }
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        given.schedule(Duration.ZERO, () -> ran.complete(true));
        assertThat(ran.join()).as("the caller's timer still runs after the client closed").isTrue();
        ((SystemScheduler) given).close();
    }

    @Test
    void anIdleTimerThreadEndsWithoutClose() throws Exception {
        SystemScheduler timer = new SystemScheduler(Duration.ofMillis(20));
        Thread thread = threadOf(timer);
        thread.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(thread.isAlive()).as("the idle timer thread").isFalse();
        // and a later task starts a new one
        Thread next = threadOf(timer);
        assertThat(next).isNotSameAs(thread);
        timer.close();
    }

    @Test
    void theTimerThreadCarriesTheLibrarysClassLoaderNotTheSchedulingThreads() throws Exception {
        SystemScheduler timer = SystemScheduler.newTimer();
        ClassLoader application = new URLClassLoader(new URL[0], null);
        CompletableFuture<ClassLoader> seen = new CompletableFuture<>();
        Thread caller = new Thread(() -> timer.schedule(Duration.ZERO,
                () -> seen.complete(Thread.currentThread().getContextClassLoader())));
        caller.setContextClassLoader(application);
        caller.start();
        caller.join();
        assertThat(seen.get(10, TimeUnit.SECONDS))
                .isSameAs(SystemScheduler.class.getClassLoader())
                .isNotSameAs(application);
        timer.close();
    }
}
