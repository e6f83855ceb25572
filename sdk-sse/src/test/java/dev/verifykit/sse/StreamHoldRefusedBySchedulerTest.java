package dev.verifykit.sse;

import static dev.verifykit.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.DockInternals;
import dev.verifykit.testing.ForwardingScheduler;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Dispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream's wait whose last open was refused with a {@code Retry-After} holds off its long-polls on a
 * timer of the client's scheduler ({@code StreamRun.fallBack}). README ("Nothing is lost on a background
 * thread"): "an unexpected exception or {@code Error} inside a wait or a stream (your guardrail store's,
 * your scheduler refusing a timer, a listener's) reaches the future or the listener as a
 * {@code VerifyKitException} with it as the cause". The hold's timer refused by a scheduler of the
 * application's ended the stream with the open's 503 instead, the refusal lost; a scheduler failing with
 * an {@code Error} there left the stream's future pending for good (found by a review).
 */
class StreamHoldRefusedBySchedulerTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
    private DockClient dock;

    @AfterEach
    void tearDown() {
        if (dock != null) {
            dock.close();
        }
    }

    /**
     * A scheduler of the application's, shut down, refuses the hold's timer (as
     * {@code RefusingSchedulerEndsTheWaitTest} has it refuse a wait's timer).
     */
    @Test
    void aSchedulerRefusingTheHoldsTimerEndsTheStreamWithTheRefusalAsTheCause() throws Exception {
        StreamWireTest.Script script = StreamHandOverTest.opensRefused(server, "20");
        RejectedExecutionException refusal = new RejectedExecutionException("the application's executor is shut down");

        CompletableFuture<DockSession> done = streamRefusingTheHold(refusal);

        awaitTrue(() -> script.requests.size() == 1 && done.isDone());
        Throwable thrown = catchThrowable(done::get);
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).as("the stream's failure").isInstanceOf(VerifyKitException.class)
                .hasCause(refusal);
    }

    /**
     * The same, the scheduler failing with an {@code Error} as it is asked for the hold's timer (a
     * {@code ScheduledThreadPoolExecutor} that cannot start its thread: "unable to create native thread"):
     * it reaches the stream's future, as README says, rather than leaving the stream (which has no timer
     * of its own left) pending for good.
     */
    @Test
    void aSchedulerFailingWithAnErrorForTheHoldsTimerEndsTheStream() throws Exception {
        StreamWireTest.Script script = StreamHandOverTest.opensRefused(server, "20");
        OutOfMemoryError failure = new OutOfMemoryError("unable to create native thread: possibly out of memory");

        CompletableFuture<DockSession> done = streamRefusingTheHold(failure);

        Dispatcher calls = DockInternals.waitDispatcher(dock);
        awaitTrue(() -> script.requests.size() == 1 && calls.runningCallsCount() == 0 && calls.queuedCallsCount() == 0);
        time.advance(Duration.ofMinutes(10)); // far past the wait's 2-minute deadline
        awaitTrue(done::isDone);
        Throwable thrown = catchThrowable(done::get);
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).as("the stream's failure").isInstanceOf(VerifyKitException.class).hasCause(failure);
        assertThat(script.requests).hasSize(1);
    }

    /**
     * The hold's timer runs, and the long-polls it starts fail to start (here the scheduler's clock of
     * the application's failing once as they are set up, {@code StreamRun.startLongPolls}): that reaches the
     * stream's future too. Thrown into the hold's completion on the timer's thread, it was lost, and the
     * stream (no open nor long-poll left, nor any timer of it) stayed pending for good.
     */
    @Test
    void longPollsFailingToStartAsTheHoldEndsEndTheStream() throws Exception {
        StreamWireTest.Script script = StreamHandOverTest.opensRefused(server, "20");
        IllegalStateException failure = new IllegalStateException("the application's clock failed");
        AtomicBoolean clockFails = new AtomicBoolean();
        Scheduler failing = new ForwardingScheduler(time) {
            @Override
            public long nanoTime() {
                if (clockFails.getAndSet(false)) {
                    throw failure;
                }
                return super.nanoTime();
            }

            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                if (delay.compareTo(Duration.ofSeconds(20)) >= 0 && delay.compareTo(Duration.ofSeconds(21)) < 0) {
                    return super.schedule(delay, () -> { // the hold's timer: the clock fails once as it ends
                        clockFails.set(true);
                        task.run();
                    });
                }
                return super.schedule(delay, task);
            }
        };
        dock = StreamHandOverTest.client(server, failing).retryPolicy(RetryPolicy.builder().baseDelay(Duration.ofMillis(100)).build())
                .build();
        CompletableFuture<DockSession> done = DockSessionStreams.of(dock, StreamSettings.builder().maxConsecutiveFailures(1).build())
                .awaitCompletionAsync(ID, WaitOptions.builder().timeout(Duration.ofMinutes(2)).build());

        Dispatcher calls = DockInternals.waitDispatcher(dock);
        awaitTrue(() -> script.requests.size() == 1 && calls.runningCallsCount() == 0 && calls.queuedCallsCount() == 0);
        time.advance(Duration.ofMinutes(10)); // the hold ends; far past the wait's 2-minute deadline
        awaitTrue(done::isDone);
        Throwable thrown = catchThrowable(done::get);
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).as("the stream's failure").isInstanceOf(VerifyKitException.class).hasCause(failure);
        assertThat(clockFails).as("the clock failed as the hold ended").isFalse();
        assertThat(script.requests).as("no long-poll sent").hasSize(1);
    }

    /**
     * A stream whose one open is refused 503 with {@code Retry-After: 20}, on a scheduler that throws
     * {@code failure} when asked for the hold's timer (20 s and a jitter under 0.1 s) and forwards
     * every other timer to the virtual clock.
     */
    private CompletableFuture<DockSession> streamRefusingTheHold(Throwable failure) {
        Scheduler refusing = new ForwardingScheduler(time) {
            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                if (delay.compareTo(Duration.ofSeconds(20)) >= 0 && delay.compareTo(Duration.ofSeconds(21)) < 0) {
                    if (failure instanceof Error error) {
                        throw error;
                    }
                    throw (RuntimeException) failure;
                }
                return super.schedule(delay, task);
            }
        };
        dock = StreamHandOverTest.client(server, refusing).retryPolicy(RetryPolicy.builder().baseDelay(Duration.ofMillis(100)).build())
                .build();
        return DockSessionStreams.of(dock, StreamSettings.builder().maxConsecutiveFailures(1).build())
                .awaitCompletionAsync(ID, WaitOptions.builder().timeout(Duration.ofMinutes(2)).build());
    }
}
