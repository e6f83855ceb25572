package dev.verifykit.poll.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.ApiError;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.Service;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.http.internal.ClientLifecycle;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.poll.WaitProgress;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * What the waiting engine promises that no test held (found by mutation testing of {@code Poller}):
 * a progress report's {@code elapsed} counts from the wait's start and its {@code remaining} to the
 * earliest of the deadline and the session's end an answer told ({@link WaitProgress}); no
 * {@code nextRequestIn} when the request was the last the wait's {@code maxRequests} allows; a wait
 * whose last answer used the session's poll cap ends at once, not an interval later; a failure of the
 * last request {@code maxRequests} allows ends the wait at once with that failure as the cause; a
 * read started past the end an answer told ({@link Poller.Pending#readOnceAfter()}) is followed by the
 * next turn at once, once. Each wait starts 10 virtual seconds after the scheduler's origin, so that
 * readings measured from the wait's start differ from readings measured from the origin.
 */
class PollerProgressAndLastTurnPinsTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final long SECOND = 1_000_000_000L;
    private static final Pace TWO_SECONDS = Pace.fixed(Duration.ofSeconds(2), Duration.ofSeconds(2));

    private final VirtualScheduler time = VirtualScheduler.autoAdvancing(T0);
    private final RetryPolicy backoff = RetryPolicy.builder().random(new Random(3)).build();
    private final ClientLifecycle lifecycle = new ClientLifecycle(Service.DOCK);
    private final List<Double> starts = new CopyOnWriteArrayList<>();
    private final List<WaitProgress> heard = new CopyOnWriteArrayList<>();

    PollerProgressAndLastTurnPinsTest() throws InterruptedException {
        time.sleep(Duration.ofSeconds(10));
    }

    /** An attempt answering request {@code n} (1 for the first) with {@code answer.apply(n)}, recording its start in seconds. */
    private Poller.Attempt<String> answering(IntFunction<Object> answer) {
        return turn -> {
            starts.add(time.nanoTime() / 1e9);
            Object step = answer.apply(turn.number());
            return step instanceof Throwable error ? CompletableFuture.failedFuture(error)
                    : CompletableFuture.completedFuture((Poller.Step<String>) step);
        };
    }

    private WaitPlan plan(WaitOptions.Builder options, Pace pace, Duration naturalLife, RequestGate gate) {
        return WaitPlan.of(Service.DOCK, time, backoff, lifecycle, options.listener(heard::add).build(), pace, naturalLife, gate);
    }

    @Test
    void progressCountsElapsedFromTheWaitsStartAndRemainingToTheSessionsEndItWasTold() {
        long sessionEnd = 30 * SECOND; // 20 s after the wait's start, before its 60-s timeout
        Poller.Attempt<String> attempt = answering(n -> n < 3 ? new Poller.Pending<String>("pending", Duration.ZERO, sessionEnd)
                : new Poller.Done<>("completed"));

        String result = Poller.await(plan(WaitOptions.builder().timeout(Duration.ofSeconds(60)), TWO_SECONDS, null,
                new RequestGate(Duration.ofSeconds(2), 60)), attempt);

        assertThat(result).isEqualTo("completed");
        assertThat(starts).containsExactly(10.0, 12.0, 14.0);
        assertThat(heard).hasSize(2);
        assertThat(heard.get(0).elapsed()).isZero();
        assertThat(heard.get(0).remaining()).as("to the session's end, not the deadline 60 s off").contains(Duration.ofSeconds(20));
        assertThat(heard.get(1).elapsed()).isEqualTo(Duration.ofSeconds(2));
        assertThat(heard.get(1).remaining()).contains(Duration.ofSeconds(18));
        assertThat(heard.get(1).nextRequestIn()).contains(Duration.ofSeconds(2));
    }

    @Test
    void progressCountsRemainingToTheDeadlineWhenNoEndWasTold() {
        Poller.Attempt<String> attempt = answering(n -> n < 2 ? new Poller.Pending<String>("pending") : new Poller.Done<>("completed"));

        Poller.await(plan(WaitOptions.builder().timeout(Duration.ofSeconds(60)), TWO_SECONDS, null,
                new RequestGate(Duration.ofSeconds(2), 60)), attempt);

        assertThat(heard).hasSize(1);
        assertThat(heard.get(0).remaining()).contains(Duration.ofSeconds(60));
    }

    @Test
    void theLastRequestTheWaitsLimitAllowsIsReportedWithNoNextRequest() {
        Poller.Attempt<String> attempt = answering(n -> new Poller.Pending<String>("pending"));

        Throwable thrown = catchThrowable(() -> Poller.await(plan(WaitOptions.builder().maxRequests(2), TWO_SECONDS, null,
                new RequestGate(Duration.ofSeconds(2), 60)), attempt));

        assertThat(thrown).isInstanceOfSatisfying(PollCapException.class,
                e -> assertThat(e.option()).contains("WaitOptions.maxRequests"));
        assertThat(heard).hasSize(2);
        assertThat(heard.get(0).nextRequestIn()).contains(Duration.ofSeconds(2));
        assertThat(heard.get(1).nextRequestIn()).as("none follows").isEmpty();
        assertThat(heard.get(0).remaining()).as("neither a deadline nor a session's end known").isEmpty();
    }

    @Test
    void aWaitWhoseLastAnswerUsedTheSessionsPollCapEndsAtOnce() {
        Poller.Attempt<String> attempt = answering(n -> new Poller.Pending<String>("pending"));

        Throwable thrown = catchThrowable(() -> Poller.await(plan(WaitOptions.builder(), TWO_SECONDS, null,
                new RequestGate(Duration.ofSeconds(2), 3)), attempt));

        assertThat(thrown).isInstanceOfSatisfying(PollCapException.class, e -> {
            assertThat(e.option()).isEmpty();
            assertThat(e.attempts()).isEqualTo(3);
        });
        assertThat(starts).containsExactly(10.0, 12.0, 14.0);
        assertThat(time.nanoTime()).as("ended as the third answer came, not an interval later").isEqualTo(14 * SECOND);
        assertThat(heard.get(2).nextRequestIn()).isEmpty();
    }

    @Test
    void aFailureOfTheLastRequestTheLimitAllowsEndsTheWaitAtOnceWithItAsTheCause() {
        ServerException busy = new ServerException(ApiError.of(Service.DOCK, 503, null, "busy"));
        Poller.Attempt<String> attempt = answering(n -> n == 1 ? new Poller.Pending<String>("pending") : busy);

        Throwable thrown = catchThrowable(() -> Poller.await(plan(WaitOptions.builder().maxRequests(2), TWO_SECONDS, null,
                new RequestGate(Duration.ofSeconds(2), 60)), attempt));

        assertThat(thrown).isInstanceOfSatisfying(PollCapException.class, e -> {
            assertThat(e.option()).contains("WaitOptions.maxRequests");
            assertThat(e.getCause()).isSameAs(busy);
        });
        assertThat(starts).containsExactly(10.0, 12.0);
        assertThat(time.nanoTime()).as("not after a retry's delay").isEqualTo(12 * SECOND);
    }

    @Test
    void aReadStartedPastTheEndItWasToldIsFollowedAtOnceOnce() {
        long end = 13 * SECOND; // between the second read (12 s) and the third (14 s)
        Poller.Attempt<String> attempt = answering(n -> n < 5 ? new Poller.Pending<String>("pending", Duration.ZERO, null, end)
                : new Poller.Done<>("expired"));

        String result = Poller.await(plan(WaitOptions.builder(), Pace.fixed(Duration.ofSeconds(1), Duration.ofSeconds(2)), null,
                RequestGate.open()), attempt);

        assertThat(result).isEqualTo("expired");
        assertThat(starts).as("the read after the one past the end at once; the next at the interval again")
                .containsExactly(10.0, 12.0, 14.0, 14.0, 16.0);
    }

    /**
     * The last read before the deadline comes twice the slowest read so far ahead of it
     * ({@code WaitOptions.timeout}), not later, where the pace's floor after the last read's start
     * allows it (an open gate, as Dokai's: the floor is kept by the engine). Reads take 0.5 s; the
     * timeout is 2.8 s: the paced read at 2 s would leave 0.3 s, so it is made at 1.8 s (floor: 1 s
     * after the first read's start).
     */
    @Test
    void theLastReadComesTwiceTheSlowestReadAheadOfTheDeadline() {
        Poller.Attempt<String> attempt = turn -> {
            starts.add(time.nanoTime() / 1e9);
            try {
                time.sleep(Duration.ofMillis(500));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return CompletableFuture.completedFuture(new Poller.Pending<>("pending"));
        };

        Throwable thrown = catchThrowable(() -> Poller.await(plan(WaitOptions.builder().timeout(Duration.ofMillis(2_800)),
                Pace.fixed(Duration.ofSeconds(1), Duration.ofSeconds(2)), null, RequestGate.open()), attempt));

        assertThat(thrown).isInstanceOf(dev.verifykit.error.WaitTimeoutException.class);
        assertThat(starts).containsExactly(10.0, 11.8);
    }
}
