package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.VerifyKitException;
import dev.verifykit.mock.MockServer;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.testing.ForwardingScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A scheduler of the application's ({@code ClientBuilder.scheduler}) that refuses a task (a
 * {@code ScheduledExecutorService} shut down: {@code RejectedExecutionException}, while the tasks it
 * already had still run, as {@code ScheduledThreadPoolExecutor.shutdown()} does by default) must end
 * an asynchronous wait with a failure ("nothing is lost on a background thread"), never leave its
 * future pending. Here the wait's timer runs its next read, the session's gate (a guardrail store
 * of the application's) answers "wait 1 s", and the wait asks the scheduler for that timer: the
 * {@code RejectedExecutionException} escapes {@code Poller.Run.fire} on the wait thread, and the
 * future, whose wait has a 1-minute timeout, is still pending after 10 minutes of the client's time.
 */
class RefusingSchedulerEndsTheWaitTest {

    /** A virtual clock whose {@code schedule} refuses once told to. */
    private static final class RefusingScheduler extends ForwardingScheduler {
        final VirtualScheduler time = (VirtualScheduler) inner;
        final AtomicBoolean refuse = new AtomicBoolean();
        final CountDownLatch scheduled = new CountDownLatch(1);
        final CountDownLatch refused = new CountDownLatch(1);

        RefusingScheduler() {
            super(VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z")));
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            if (refuse.get()) {
                refused.countDown();
                throw new RejectedExecutionException("the application's executor is shut down");
            }
            Cancellable timer = time.schedule(delay, task);
            scheduled.countDown();
            return timer;
        }
    }

    @Test
    void anAsyncWaitWhoseTimerTheSchedulerRefusesEnds() throws Exception {
        RefusingScheduler scheduler = new RefusingScheduler();
        AtomicInteger reads = new AtomicInteger();
        GuardrailStore store = new ForwardingGuardrailStore(GuardrailStore.inMemory(scheduler.time)) {
            @Override
            public ReadStart startRead(String account, String sessionId, ReadRules rules) {
                if (reads.incrementAndGet() == 2) {
                    return ReadStart.waitFor(Duration.ofSeconds(1)); // another instance's read of the session
                }
                return super.startRead(account, sessionId, rules);
            }
        };
        try (MockServer mock = MockServer.start();
                DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                        .scheduler(scheduler).guardrailStore(store)
                        .guardrails(DockGuardrails.builder().maxWait(Duration.ofSeconds(1)).holdSpread(Duration.ZERO).build())
                        .build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_1").build());
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id(),
                    WaitOptions.builder().timeout(Duration.ofMinutes(1)).build());
            assertThat(scheduler.scheduled.await(30, TimeUnit.SECONDS)).as("the wait's next read scheduled").isTrue();

            scheduler.refuse.set(true); // the application's executor shuts down
            try {
                scheduler.time.advance(Duration.ofSeconds(30)); // the wait's timer runs (its task was taken before)
            } catch (RejectedExecutionException thrownIntoTheTimer) {
                // when the read runs on the timer's thread, the refusal is thrown into the timer
            }
            assertThat(scheduler.refused.await(30, TimeUnit.SECONDS)).as("the scheduler refused the wait's timer").isTrue();
            scheduler.time.advance(Duration.ofMinutes(10)); // far past the wait's 1-minute timeout

            Throwable outcome = outcome(wait);
            assertThat(outcome).as("how the wait ended once its scheduler refused its timer")
                    .isInstanceOf(VerifyKitException.class).hasCauseInstanceOf(RejectedExecutionException.class);
        }
    }

    /**
     * The same hole, reached by a guardrail store of the application's that fails with an
     * {@link Error} (a {@code NoClassDefFoundError} of a class its client loads lazily): the wait's
     * read asks the store on a wait thread ({@code Poller.Run.fire}: only a
     * {@code StoreUnavailableException} of {@code tryAcquire} is handled there), the Error kills that
     * thread's task, and the future never ends, though README says an Error inside a wait reaches the
     * future as a {@code VerifyKitException}.
     */
    @Test
    void anAsyncWaitWhoseStoreFailsWithAnErrorEnds() throws Exception {
        RefusingScheduler scheduler = new RefusingScheduler();
        AtomicInteger reads = new AtomicInteger();
        GuardrailStore store = new ForwardingGuardrailStore(GuardrailStore.inMemory(scheduler.time)) {
            @Override
            public ReadStart startRead(String account, String sessionId, ReadRules rules) {
                reads.incrementAndGet();
                throw new NoClassDefFoundError("io/netty/util/Timeout");
            }
        };
        try (MockServer mock = MockServer.start();
                DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                        .scheduler(scheduler).guardrailStore(store).build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_1").build());
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id(),
                    WaitOptions.builder().timeout(Duration.ofMinutes(1)).build());
            Throwable outcome = outcome(wait);
            assertThat(reads).as("the store was asked").hasPositiveValue();
            assertThat(outcome).as("how the wait ended once its store failed with an Error")
                    .isInstanceOf(VerifyKitException.class).hasCauseInstanceOf(NoClassDefFoundError.class);
        }
    }

    /** What ended {@code wait}: its failure, or a {@code TimeoutException} when it is still pending 20 s on (a hang guard). */
    private static Throwable outcome(CompletableFuture<?> wait) throws InterruptedException {
        try {
            wait.get(20, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return e;
        }
    }
}
