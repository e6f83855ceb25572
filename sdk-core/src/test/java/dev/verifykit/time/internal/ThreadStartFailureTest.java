package dev.verifykit.time.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client's timer when a thread cannot be started ({@code OutOfMemoryError: unable to create
 * native thread}, a process at its thread limit): the default scheduler of every client, of
 * {@code DockRelay} and of {@code WebhookServlet}, running a wait's next step, a deadline, a
 * keep-alive. Nothing scheduled is lost, and nothing the caller was told was not set runs.
 */
class ThreadStartFailureTest {
    private static final ThreadFactory FAILING = task -> new Thread(task) {
        @Override
        public synchronized void start() {
            throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource limits reached");
        }
    };

    /** The executor's future kept the error, and the due task was lost until close(). */
    @Test
    void aDueTaskWhoseWorkerCannotStartRunsOnTheTimerThread() throws Exception {
        SystemScheduler timer = SystemScheduler.newTimer();
        try {
            timer.workers.setThreadFactory(FAILING);
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
        SystemScheduler timer = SystemScheduler.newTimer();
        ThreadFactory threads = timer.timer.getThreadFactory();
        CountDownLatch notSet = new CountDownLatch(1);
        CountDownLatch later = new CountDownLatch(1);
        try {
            timer.timer.setThreadFactory(FAILING);
            Throwable thrown = catchThrowable(() -> timer.schedule(Duration.ZERO, notSet::countDown));
            assertThat(thrown).as("thrown out of schedule").isInstanceOf(OutOfMemoryError.class);
            timer.timer.setThreadFactory(threads);

            timer.schedule(Duration.ZERO, later::countDown);
            assertThat(later.await(30, TimeUnit.SECONDS)).as("the later timer ran").isTrue(); // a hang guard
        } finally {
            timer.close();
        }
        // every task the timer thread took before the later one has run once its workers have ended
        assertThat(timer.awaitTermination(Duration.ofSeconds(30))).as("the timer ended").isTrue();
        assertThat(notSet.getCount()).as("runs of the timer that was not set").isEqualTo(1);
    }
}
