package dev.verifykit.time.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The client's timer when a thread cannot be started ({@code OutOfMemoryError: unable to create
 * native thread}, a process at its thread limit): the default scheduler of every client, of
 * {@code DockRelay} and of {@code WebhookServlet}, running a wait's next step, a deadline, a
 * keep-alive. Nothing scheduled is lost, and nothing the caller was told was not set runs.
 */
class ThreadStartFailureTest {
    /**
     * A thread that cannot be had, failing as it is made: an overridden {@code Thread.start()} is not
     * called by the JDK's executors on Java 21 and later (they start their threads through their thread
     * container), so the failure is the factory's, which reaches the executor's caller the same way.
     */
    private static final ThreadFactory CANNOT_START = task -> {
        throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource limits reached");
    };

    /** A timer whose threads numbered {@code failing} (1 for the first it makes) cannot be had. */
    private static SystemScheduler failingThreads(Set<Integer> failing) {
        AtomicInteger made = new AtomicInteger();
        return new SystemScheduler(SystemScheduler.IDLE, threads -> task ->
                (failing.contains(made.incrementAndGet()) ? CANNOT_START : threads).newThread(task));
    }

    /** The executor's future kept the error, and the due task was lost until close(). */
    @Test
    void aDueTaskWhoseWorkerCannotStartRunsOnTheTimerThread() throws Exception {
        SystemScheduler timer = failingThreads(Set.of(2)); // the timer thread starts, its first worker not
        try {
            CountDownLatch ran = new CountDownLatch(1);

            timer.schedule(Duration.ZERO, ran::countDown);

            assertThat(ran.await(30, TimeUnit.SECONDS)).as("the task ran").isTrue(); // a hang guard
        } finally {
            timer.close();
        }
    }

    /**
     * The timer thread failing to start throws out of {@code schedule}: the caller takes the timer
     * as not set (a wait ends with the error). The executor kept the task queued all the same, and
     * ran it once a later timer started the thread.
     */
    @Test
    void aTimerThatCouldNotBeSetNeverRuns() throws Exception {
        SystemScheduler timer = failingThreads(Set.of(1));
        CountDownLatch notSet = new CountDownLatch(1);
        CountDownLatch later = new CountDownLatch(1);
        try {
            Throwable thrown = catchThrowable(() -> timer.schedule(Duration.ZERO, notSet::countDown));
            assertThat(thrown).as("thrown out of schedule").isInstanceOf(OutOfMemoryError.class);

            timer.schedule(Duration.ZERO, later::countDown);
            assertThat(later.await(30, TimeUnit.SECONDS)).as("the later timer ran").isTrue(); // a hang guard
        } finally {
            timer.close();
        }
        // every task the timer thread took before the later one has run once its workers have ended
        assertThat(timer.awaitTermination(Duration.ofSeconds(30))).as("the timer ended").isTrue();
        assertThat(notSet.getCount()).as("runs of the timer that was not set").isEqualTo(1);
    }

    /**
     * close() runs the tasks still pending at once, for the closed client's waits to find it closed
     * and end: on a thread of its own, which may not start. The error went out of close() and the
     * tasks never ran (a wait waiting for its next step, for good).
     */
    @Test
    void theTasksCloseRunsAtOnceRunWhenNoThreadCanStartForThem() {
        SystemScheduler timer = failingThreads(Set.of(2)); // the timer thread starts, close()'s own not
        CountDownLatch ran = new CountDownLatch(1);
        timer.schedule(Duration.ofHours(1), ran::countDown);

        Throwable thrown = catchThrowable(timer::close);

        assertThat(thrown).as("thrown out of close()").isNull();
        assertThat(ran.getCount()).as("the pending task's runs missing").isZero();
    }
}
