package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.VerifyKitException;
import dev.verifykit.mock.MockServer;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.ForwardingScheduler;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A {@code waitExecutor} of the application's whose {@code execute} fails with something other
 * than a {@code RejectedExecutionException} (a thread pool that cannot start a thread throws
 * {@code OutOfMemoryError: unable to create native thread}) as an asynchronous wait hands its next
 * step to the wait threads (a guardrail store of the application's is asked there): README says an
 * Error inside a wait reaches the future as a {@code VerifyKitException} with it as the cause. Here
 * the wait's timer hands its next read to the executor ({@code Poller.Run.handOff}, which runs the
 * step itself on a refusal only): the Error was thrown into the timer, and the future, whose wait has
 * a 1-minute timeout, stayed pending after 10 minutes of the client's time.
 */
class FailingWaitExecutorEndsTheWaitTest {

    /** Wait threads whose {@code execute} fails with an Error once told to, as a pool out of threads does. */
    private static final class FailingExecutor extends AbstractExecutorService {
        final ExecutorService inner = Executors.newCachedThreadPool();
        final AtomicBoolean fail = new AtomicBoolean();
        /** Whether OkHttp's calls still get their threads (the dispatcher's own refusal handling is OkHttp's). */
        final AtomicBoolean callsPass = new AtomicBoolean();
        final CountDownLatch failed = new CountDownLatch(1);
        /** Counted down when OkHttp's call is given its thread while the executor fails the rest. */
        final CountDownLatch callRun = new CountDownLatch(1);

        @Override
        public void execute(Runnable task) {
            if (fail.get() && callsPass.get() && task.getClass().getName().startsWith("okhttp3.")) {
                inner.execute(task);
                callRun.countDown();
                return;
            }
            if (fail.get()) {
                failed.countDown();
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource"
                        + " limits reached");
            }
            inner.execute(task);
        }

        @Override
        public void shutdown() {
            inner.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return inner.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return inner.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return inner.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return inner.awaitTermination(timeout, unit);
        }
    }

    /** A virtual clock that tells when a timer is scheduled. */
    private static final class WatchedScheduler extends ForwardingScheduler {
        final VirtualScheduler time = (VirtualScheduler) inner;
        final CountDownLatch scheduled = new CountDownLatch(1);

        WatchedScheduler() {
            super(VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z")));
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            Cancellable timer = time.schedule(delay, task);
            scheduled.countDown();
            return timer;
        }
    }

    @Test
    void anAsyncWaitWhoseExecutorFailsWithAnErrorEnds() throws Exception {
        WatchedScheduler scheduler = new WatchedScheduler();
        FailingExecutor executor = new FailingExecutor();
        // a store of the application's (here the in-memory one, forwarded): an asynchronous wait asks it on the wait threads
        GuardrailStore store = new ForwardingGuardrailStore(GuardrailStore.inMemory(scheduler.time));
        try (MockServer mock = MockServer.start(); DockClient dock = client(mock, scheduler, store, executor, 1)) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_1").build());
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id(),
                    WaitOptions.builder().timeout(Duration.ofMinutes(1)).build());
            assertThat(scheduler.scheduled.await(30, TimeUnit.SECONDS)).as("the wait's next read scheduled").isTrue();

            executor.fail.set(true); // no thread can be started any more
            try {
                scheduler.time.advance(Duration.ofSeconds(30)); // the wait's timer hands its next step to the executor
            } catch (OutOfMemoryError thrownIntoTheTimer) {
                // thrown into the timer, which runs on this thread
            }
            assertThat(executor.failed.await(30, TimeUnit.SECONDS)).as("the executor failed the wait's step").isTrue();
            scheduler.time.advance(Duration.ofMinutes(10)); // far past the wait's 1-minute timeout

            Throwable outcome = outcome(wait);
            assertThat(outcome).as("how the wait ended once its executor failed with an Error")
                    .isInstanceOf(VerifyKitException.class).hasCauseInstanceOf(OutOfMemoryError.class);
        } finally {
            executor.inner.shutdownNow();
        }
    }

    /**
     * The same, the executor failing as the answer to the wait's read comes ({@code Poller.Run.step}'s
     * {@code whenComplete}, on OkHttp's thread): the wait ends with the Error, its read reported to the
     * guardrail store as ended (its answer's head came), and no timer of it left.
     */
    @Test
    void anAsyncWaitWhoseExecutorFailsAsItsAnswerComesEndsAndReportsItsRead() throws Exception {
        WatchedScheduler scheduler = new WatchedScheduler();
        FailingExecutor executor = new FailingExecutor();
        executor.callsPass.set(true);
        AtomicInteger reported = new AtomicInteger();
        GuardrailStore store = failingFromTheFirstRead(scheduler, executor, reported);
        try (MockServer mock = MockServer.start(); DockClient dock = client(mock, scheduler, store, executor, 1)) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_1").build());
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id(),
                    WaitOptions.builder().timeout(Duration.ofMinutes(1)).build());
            assertThat(executor.failed.await(30, TimeUnit.SECONDS)).as("the executor failed the answer's step").isTrue();
            scheduler.time.advance(Duration.ofMinutes(10)); // far past the wait's 1-minute timeout

            Throwable outcome = outcome(wait);
            assertThat(outcome).as("how the wait ended once its executor failed with an Error")
                    .isInstanceOf(VerifyKitException.class).hasCauseInstanceOf(OutOfMemoryError.class);
            assertThat(reported).as("the wait's read reported to the store as ended").hasValue(1);
            assertThat(scheduler.scheduled.getCount()).as("no timer of the wait scheduled").isEqualTo(1);
        } finally {
            executor.inner.shutdownNow();
        }
    }

    /**
     * A wait cancelled by its caller while its read is held, the executor failing: the read is
     * reported to the guardrail store as ended at once ({@code Poller.Run.tellAbandoned}, which hands
     * the report to the wait threads and ran it itself on a refusal only), and the wait ends cancelled.
     * The executor's Error was thrown out of {@code cancel()} before the future was cancelled: the
     * future stayed pending, and the store held the read in flight (from every other instance) until
     * its lease ended or the client closed.
     */
    @Test
    void aWaitCancelledWhileItsReadIsHeldReportsTheReadThoughItsExecutorFails() throws Exception {
        WatchedScheduler scheduler = new WatchedScheduler();
        FailingExecutor executor = new FailingExecutor();
        executor.callsPass.set(true);
        AtomicInteger reported = new AtomicInteger();
        GuardrailStore store = failingFromTheFirstRead(scheduler, executor, reported);
        try (MockServer mock = MockServer.start(); DockClient dock = client(mock, scheduler, store, executor, 25)) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_1").build());
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id(),
                    WaitOptions.builder().timeout(Duration.ofMinutes(1)).build());
            assertThat(executor.callRun.await(30, TimeUnit.SECONDS)).as("the wait's read sent").isTrue();

            Throwable thrown = null;
            try {
                wait.cancel(true);
            } catch (Throwable e) {
                thrown = e;
            }
            assertThat(reported).as("the cancelled read reported to the store as ended").hasValue(1);
            assertThat(thrown).as("what cancel() threw").isNull();
            assertThat(outcome(wait)).as("how the wait ended").isInstanceOf(CancellationException.class);
        } finally {
            executor.inner.shutdownNow();
        }
    }

    /** What ended {@code wait}: its failure, or a {@code TimeoutException} when it is still pending 20 s on (a hang guard). */
    private static Throwable outcome(CompletableFuture<?> wait) throws InterruptedException {
        try {
            wait.get(20, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        } catch (TimeoutException e) {
            return e;
        }
    }

    /**
     * The in-memory store, forwarded (a store of the application's: an asynchronous wait asks it on
     * the wait threads), failing {@code executor} from the first read started on, and counting the
     * reads' ends told to it in {@code reported}.
     */
    private static GuardrailStore failingFromTheFirstRead(WatchedScheduler scheduler, FailingExecutor executor,
            AtomicInteger reported) {
        return new ForwardingGuardrailStore(GuardrailStore.inMemory(scheduler.time)) {
            @Override
            public ReadStart startRead(String account, String sessionId, ReadRules rules) {
                ReadStart start = super.startRead(account, sessionId, rules);
                executor.fail.set(true); // from now on no wait thread can be started; the read's call is sent
                return start;
            }

            @Override
            void toldOfAnEnd(String report) {
                if (report.equals("readArrived")) {
                    reported.incrementAndGet();
                }
            }
        };
    }

    private static DockClient client(MockServer mock, WatchedScheduler scheduler, GuardrailStore store,
            FailingExecutor executor, int maxWaitSeconds) {
        return DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl()).scheduler(scheduler)
                .guardrailStore(store).waitExecutor(executor).guardrails(DockGuardrails.builder()
                        .maxWait(Duration.ofSeconds(maxWaitSeconds)).holdSpread(Duration.ZERO).build())
                .build();
    }
}
