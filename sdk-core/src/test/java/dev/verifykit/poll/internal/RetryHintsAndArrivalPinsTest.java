package dev.verifykit.poll.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ApiError;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.Service;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.http.internal.CallTrace;
import dev.verifykit.http.internal.ClientLifecycle;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Mutation testing of the waiting engine left these unpinned in its own tests: how a single call
 * ({@link Poller#once}) and a wait each take a service's {@code Retry-After} (RetryPolicy's Javadoc),
 * and how a turn tells the gate when a held request arrived ({@link Poller.Turn#answeredAfterHold}).
 */
class RetryHintsAndArrivalPinsTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final long SECOND = 1_000_000_000L;
    private static final Pace TWO_SECONDS = Pace.fixed(Duration.ofSeconds(2), Duration.ofSeconds(2));

    private final VirtualScheduler time = VirtualScheduler.autoAdvancing(T0);
    /** Jitter at half its range: a backoff or hint's jitter is half of 0.5 s, 0.25 s. */
    private final RetryPolicy halfJitter = RetryPolicy.builder().random(new Random() {
        @Override
        public double nextDouble() {
            return 0.5;
        }
    }).build();
    private final ClientLifecycle lifecycle = new ClientLifecycle(Service.DOCK);
    private final List<Double> starts = new CopyOnWriteArrayList<>();

    private static RateLimitException rateLimited(Duration retryAfter) {
        return new RateLimitException(new ApiError(Service.DOCK, 429, "RATE_LIMITED", "slow down", null, null, retryAfter));
    }

    private static ServerException unavailable(Duration retryAfter) {
        return new ServerException(new ApiError(Service.DOCK, 503, null, "busy", null, null, retryAfter));
    }

    private WaitPlan plan() {
        return WaitPlan.of(Service.DOCK, time, halfJitter, lifecycle, WaitOptions.defaults(), TWO_SECONDS, null, RequestGate.open());
    }

    /** A single call of {@link Poller#once} answering each failure in turn, then "done". */
    private String once(VerifyKitException... failures) {
        Deque<VerifyKitException> left = new ArrayDeque<>(List.of(failures));
        return Poller.once(plan().forCall(Optional.of(Duration.ofMinutes(5)), 2, "GET /v2/sessions/{id}"), CallTrace.OFF, turn -> {
            starts.add(time.nanoTime() / 1e9);
            if (!left.isEmpty()) {
                throw left.poll();
            }
            return "done";
        });
    }

    /** A wait answering each failure in turn, then "done". */
    private String await(VerifyKitException... failures) {
        Deque<VerifyKitException> left = new ArrayDeque<>(List.of(failures));
        return Poller.await(plan(), turn -> {
            starts.add(time.nanoTime() / 1e9);
            return left.isEmpty() ? CompletableFuture.completedFuture(new Poller.Done<>("done"))
                    : CompletableFuture.failedFuture(left.poll());
        });
    }

    /** "a call told to wait longer than maxRetryAfter is not retried (its exception's retryAfter() has the hint)". */
    @Test
    void aCallToldToWaitLongerThanMaxRetryAfterIsNotRetried() {
        RateLimitException refused = rateLimited(Duration.ofSeconds(60));

        assertThatThrownBy(() -> once(refused)).isSameAs(refused);
        assertThat(starts).containsExactly(0.0);
    }

    /**
     * "the wait is that value (at least 0) plus a jitter of up to baseDelay": a call's retry after a
     * short hint, even one shorter than a wait's interval.
     */
    @Test
    void aCallRetriesAfterTheHintPlusJitter() {
        assertThat(once(rateLimited(Duration.ofSeconds(1)))).isEqualTo("done");

        assertThat(starts).containsExactly(0.0, 1.25);
    }

    /**
     * "A wait obeys a rate limit's whole hint instead, as long as its deadline allows", while "a wait's
     * retry after another refusal than a rate limit, a 503's, is shortened to" maxRetryAfter.
     */
    @Test
    void aWaitObeysARateLimitsWholeHintButShortensAnotherRefusalsToMaxRetryAfter() {
        assertThat(await(rateLimited(Duration.ofSeconds(60)))).isEqualTo("done");
        assertThat(starts).containsExactly(0.0, 60.25);

        starts.clear();
        double start = time.nanoTime() / 1e9;
        assertThat(await(unavailable(Duration.ofSeconds(60)))).isEqualTo("done");
        assertThat(starts).containsExactly(start, start + 30.25);
    }

    /**
     * Turn.answeredAfterHold: "the service can have held it only since" it was written, "not while it
     * waited to leave"; an answer sooner than the hold after that "counts as arrived now". A request
     * admitted at 0 s, written at 3 s and answered at 10 s after a hold of 8 s arrived at 10 s: the
     * next one waits the interval from then.
     */
    @Test
    void aHeldAnswerCountsTheHoldFromWhenTheRequestLeftNotFromItsTurn() {
        VirtualScheduler manual = VirtualScheduler.manual(T0);
        RequestGate gate = new RequestGate(Duration.ofSeconds(2), 60);
        Poller.Turn turn = new Poller.Turn(1, null, Long.MAX_VALUE,
                ((RequestGate.Admitted) gate.tryAcquire(0, Long.MAX_VALUE, "wait")).permit(), manual, 0, CallTrace.OFF);
        manual.advance(Duration.ofSeconds(10));

        turn.answeredAfterHold(Duration.ofSeconds(8), 3 * SECOND);

        assertThat(gate.tryAcquire(10 * SECOND, Long.MAX_VALUE, "wait")).isEqualTo(new RequestGate.Wait(2 * SECOND));
    }
}
