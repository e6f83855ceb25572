package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.testing.ForwardingScheduler;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The claim keeper's {@code close()} cancelled the next extension while holding the keeper's lock,
 * which that extension, already started on the scheduler's timer, waits for: with an application's
 * scheduler whose {@code cancel()} waits for a task that has started to finish (as a timer that
 * cancels "and waits" does; {@code Cancellable}'s Javadoc says only that it prevents a task that
 * has not started), the handler's thread and the timer's waited for each other for good. Here the
 * cancel gives up after 10 s (a hang guard), so the test fails instead of hanging.
 */
class ClaimKeeperCloseAgainstARunningExtensionTest {

    private static final class WaitingCancelScheduler extends ForwardingScheduler {
        final VirtualScheduler time = (VirtualScheduler) inner;
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch cancelling = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);
        final AtomicBoolean cancelGaveUp = new AtomicBoolean();

        WaitingCancelScheduler() {
            super(Fixtures.clock());
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            AtomicBoolean running = new AtomicBoolean();
            Cancellable timer = time.schedule(delay, () -> {
                running.set(true);
                started.countDown();
                try {
                    cancelling.await(10, TimeUnit.SECONDS); // the handler's thread is about to cancel it
                    task.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    finished.countDown();
                }
            });
            return () -> {
                if (!running.get()) {
                    timer.cancel();
                    return;
                }
                cancelling.countDown();
                try { // waits for the running task, as this scheduler's cancel does
                    if (!finished.await(10, TimeUnit.SECONDS)) {
                        cancelGaveUp.set(true);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }
    }

    @Test
    void closingTheKeeperDoesNotWaitOnAnExtensionThatWaitsForIt() throws Exception {
        WaitingCancelScheduler scheduler = new WaitingCancelScheduler();
        ReplayGuard guard = ReplayGuard.inMemory(100, Duration.ofHours(1), Duration.ofSeconds(30));
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).scheduler(scheduler).replayGuard(guard)
                .build();
        Thread timerThread = new Thread(() -> scheduler.time.advance(Duration.ofSeconds(10)), "test-timer");

        WebhookOutcome outcome = verifier.handle(BODY, hmacHex(SECRET, BODY), event -> {
            timerThread.start(); // the claim's extension comes due while the handler works
            try {
                assertThat(scheduler.started.await(10, TimeUnit.SECONDS)).as("the extension started").isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        timerThread.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(outcome.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(scheduler.cancelGaveUp.get())
                .as("the keeper's close() cancelled, under its lock, an extension waiting for that lock").isFalse();
    }
}
