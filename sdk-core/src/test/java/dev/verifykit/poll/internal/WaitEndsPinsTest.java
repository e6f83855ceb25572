package dev.verifykit.poll.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.ApiError;
import dev.verifykit.error.NotFoundException;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.Service;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitOutcome;
import dev.verifykit.event.WaitStart;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.http.internal.ClientLifecycle;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.Scheduler;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Mutation testing of the waiting engine left these unpinned in its own tests: which
 * {@link WaitOutcome} the client's listener is told for each typed end of a wait (the exception the
 * caller gets and the outcome told must agree: a poll cap against a request limit, a failure against
 * a timeout), and a deadline that cuts a failing request ending the wait timed out however many
 * failures came in a row.
 */
class WaitEndsPinsTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final Pace TWO_SECONDS = Pace.fixed(Duration.ofSeconds(2), Duration.ofSeconds(2));

    private final VirtualScheduler time = VirtualScheduler.autoAdvancing(T0);
    private final RetryPolicy backoff = RetryPolicy.builder().random(new Random(3)).build();
    private final ClientLifecycle lifecycle = new ClientLifecycle(Service.DOCK);
    private final List<WaitEnd> ends = new CopyOnWriteArrayList<>();
    private final VerifyKitListener events = new VerifyKitListener() {
        @Override
        public void onWaitEnd(WaitStart wait, WaitEnd end) {
            ends.add(end);
        }
    };

    /** A wait told to the client's listener as {@code dock.awaitCompletion}. */
    private WaitPlan observed(Scheduler scheduler, WaitOptions options, RequestGate gate) {
        WaitPlan plan = WaitPlan.of(Service.DOCK, scheduler, backoff, lifecycle, options, TWO_SECONDS, null, gate);
        return new WaitPlan(plan.service(), plan.scheduler(), plan.failureBackoff(), plan.gate(), plan.pace(),
                plan.deadlineNanos(), plan.sessionsDeadline(), plan.maxRequests(), plan.maxConsecutiveFailures(),
                plan.listener(), plan.rateLimitFinal(), plan.lifecycle(), events, "dock.awaitCompletion", 0);
    }

    private WaitPlan observed(WaitOptions options, RequestGate gate) {
        return observed(time, options, gate);
    }

    /** Answers pending {@code pendings} times, then {@code last} (a value, or a failure). */
    private static Poller.Attempt<String> answering(int pendings, Object last) {
        int[] calls = {0};
        return turn -> {
            if (calls[0]++ < pendings) {
                return CompletableFuture.completedFuture(new Poller.Pending<>("pending"));
            }
            return last instanceof Throwable failure ? CompletableFuture.failedFuture(failure)
                    : CompletableFuture.completedFuture(new Poller.Done<>((String) last));
        };
    }

    private WaitEnd onlyEnd() {
        assertThat(ends).hasSize(1);
        WaitEnd end = ends.get(0);
        ends.clear();
        return end;
    }

    @Test
    void aWaitThatHasItsResultIsToldCompleted() {
        assertThat(Poller.await(observed(WaitOptions.defaults(), RequestGate.open()), answering(2, "completed")))
                .isEqualTo("completed");

        WaitEnd end = onlyEnd();
        assertThat(end.outcome()).isEqualTo(WaitOutcome.COMPLETED);
        assertThat(end.failure()).isEmpty();
        assertThat(end.attempts()).isEqualTo(3);
    }

    @Test
    void aWaitAtItsDeadlineIsToldTimedOut() throws InterruptedException {
        time.sleep(Duration.ofSeconds(100)); // a wait begun long after the scheduler's origin
        long begun = time.nanoTime();
        Throwable thrown = catchThrowable(() -> Poller.await(observed(WaitOptions.builder().timeout(Duration.ofSeconds(7)).build(),
                new RequestGate(Duration.ofSeconds(2), 60)), answering(Integer.MAX_VALUE, "never")));

        assertThat(thrown).isInstanceOf(WaitTimeoutException.class);
        WaitEnd end = onlyEnd();
        assertThat(end.outcome()).isEqualTo(WaitOutcome.TIMED_OUT);
        assertThat(end.failure()).containsSame((WaitTimeoutException) thrown);
        assertThat(end.duration()).isEqualTo(Duration.ofNanos(time.nanoTime() - begun));
    }

    /** WaitOutcome.TIMED_OUT: "or its caller's: the caller completed its future with a TimeoutException (orTimeout)". */
    @Test
    void aWaitItsCallerTimedOutIsToldTimedOut() {
        VirtualScheduler manual = VirtualScheduler.manual(T0);
        CompletableFuture<String> wait = Poller.start(observed(manual, WaitOptions.defaults(), RequestGate.open()),
                answering(Integer.MAX_VALUE, "never"));
        manual.advance(Duration.ofSeconds(3));

        wait.completeExceptionally(new TimeoutException());

        WaitEnd end = onlyEnd();
        assertThat(end.outcome()).isEqualTo(WaitOutcome.TIMED_OUT);
        assertThat(end.failure()).hasValueSatisfying(f -> assertThat(f).isInstanceOf(WaitTimeoutException.class));
    }

    @Test
    void aWaitStoppedByTheSessionsPollCapIsToldPollCap() {
        Throwable thrown = catchThrowable(() -> Poller.await(observed(WaitOptions.defaults(), new RequestGate(Duration.ofSeconds(2), 3)),
                answering(Integer.MAX_VALUE, "never")));

        assertThat(thrown).isInstanceOfSatisfying(PollCapException.class, e -> assertThat(e.option()).isEmpty());
        WaitEnd end = onlyEnd();
        assertThat(end.outcome()).isEqualTo(WaitOutcome.POLL_CAP);
        assertThat(end.failure()).containsSame((PollCapException) thrown);
        assertThat(end.pollsUsed()).isEqualTo(3);
    }

    @Test
    void aWaitStoppedByItsOwnRequestLimitIsToldRequestLimit() {
        Throwable thrown = catchThrowable(() -> Poller.await(observed(WaitOptions.builder().maxRequests(2).build(),
                new RequestGate(Duration.ofSeconds(2), 60)), answering(Integer.MAX_VALUE, "never")));

        assertThat(thrown).isInstanceOfSatisfying(PollCapException.class,
                e -> assertThat(e.option()).contains("WaitOptions.maxRequests"));
        WaitEnd end = onlyEnd();
        assertThat(end.outcome()).isEqualTo(WaitOutcome.REQUEST_LIMIT);
        assertThat(end.failure()).containsSame((PollCapException) thrown);
    }

    @Test
    void aWaitEndedByAFinalFailureIsToldFailed() {
        NotFoundException missing = new NotFoundException(ApiError.of(Service.DOCK, 404, "SESSION_NOT_FOUND", null));

        assertThatThrownBy(() -> Poller.await(observed(WaitOptions.defaults(), RequestGate.open()), answering(1, missing)))
                .isSameAs(missing);
        WaitEnd end = onlyEnd();
        assertThat(end.outcome()).isEqualTo(WaitOutcome.FAILED);
        assertThat(end.failure()).containsSame(missing);
    }

    @Test
    void aWaitItsClientClosedIsToldCancelled() {
        VirtualScheduler manual = VirtualScheduler.manual(T0);
        CompletableFuture<String> wait = Poller.start(observed(manual, WaitOptions.defaults(), RequestGate.open()),
                answering(Integer.MAX_VALUE, "never"));
        manual.advance(Duration.ofSeconds(3));

        lifecycle.close();

        assertThatThrownBy(wait::join).hasCauseInstanceOf(WaitCancelledException.class);
        WaitEnd end = onlyEnd();
        assertThat(end.outcome()).isEqualTo(WaitOutcome.CANCELLED);
        assertThat(end.failure()).hasValueSatisfying(f -> assertThat(f).isInstanceOf(WaitCancelledException.class));
    }

    /**
     * A request's call timeout is the time its wait has left (DESIGN, "a deadline bounds everything
     * under it"): a read cut by it fails as the deadline comes, and the wait ends timed out, with that
     * failure as the cause, not with the failure itself because it was one more in a row than the wait
     * rides out.
     */
    @Test
    void aRequestCutByTheDeadlineEndsTheWaitTimedOutWhateverTheFailuresInARow() {
        TransportException reset = new TransportException(Service.DOCK, "connection reset", null, null);
        TransportException cut = new TransportException(Service.DOCK, "call timed out", null, null);
        List<Double> starts = new CopyOnWriteArrayList<>();
        Poller.Attempt<String> failing = turn -> {
            starts.add(time.nanoTime() / 1e9);
            if (turn.number() == 1) {
                return CompletableFuture.failedFuture(reset);
            }
            try {
                time.sleep(turn.remaining()); // the call's timeout, the time left, runs out
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return CompletableFuture.failedFuture(cut);
        };
        WaitPlan plan = observed(WaitOptions.builder().timeout(Duration.ofSeconds(10)).maxConsecutiveFailures(1).build(),
                RequestGate.open());

        assertThatThrownBy(() -> Poller.await(plan, failing))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> assertThat(e.attempts()).isEqualTo(2))
                .hasCause(cut);
        assertThat(starts).hasSize(2);
        assertThat(time.nanoTime()).isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(onlyEnd().outcome()).isEqualTo(WaitOutcome.TIMED_OUT);
    }
}
