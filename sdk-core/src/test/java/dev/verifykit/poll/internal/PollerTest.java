package dev.verifykit.poll.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ApiError;
import dev.verifykit.error.NotFoundException;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.Service;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.http.internal.ClientLifecycle;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.poll.WaitProgress;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PollerTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final Pace TWO_SECONDS = Pace.fixed(Duration.ofSeconds(2), Duration.ofSeconds(2));

    private final VirtualScheduler time = VirtualScheduler.autoAdvancing(T0);
    private final RetryPolicy backoff = RetryPolicy.builder().random(new Random(3)).build();
    private final ClientLifecycle lifecycle = new ClientLifecycle(Service.DOCK);

    /** Answers from a script; records when each request started (virtual seconds since T0). */
    private final class Script implements Poller.Attempt<String> {
        final Deque<Object> answers = new ArrayDeque<>();
        final List<Double> starts = new CopyOnWriteArrayList<>();
        final List<Duration> remainings = new CopyOnWriteArrayList<>();

        Script then(Object answer) {
            answers.add(answer);
            return this;
        }

        @Override
        public CompletableFuture<Poller.Step<String>> run(Poller.Turn turn) {
            starts.add(time.nanoTime() / 1e9);
            remainings.add(turn.remaining());
            Object answer = answers.isEmpty() ? "pending" : answers.poll();
            if (answer instanceof Throwable error) {
                return CompletableFuture.failedFuture(error);
            }
            String text = (String) answer;
            return CompletableFuture.completedFuture(
                    text.equals("pending") ? new Poller.Pending<>("pending") : new Poller.Done<>(text));
        }
    }

    private WaitPlan plan(WaitOptions options, Pace pace, Duration naturalLife, RequestGate gate) {
        return WaitPlan.of(Service.DOCK, time, backoff, lifecycle, options, pace, naturalLife, gate);
    }

    private WaitPlan plan(WaitOptions options) {
        return plan(options, TWO_SECONDS, Duration.ofSeconds(300), new RequestGate(Duration.ofSeconds(2), 60));
    }

    @Test
    void pollsAtTheIntervalUntilDone() {
        Script script = new Script().then("pending").then("pending").then("completed");

        String result = Poller.await(plan(WaitOptions.defaults()), script);

        assertThat(result).isEqualTo("completed");
        assertThat(script.starts).containsExactly(0.0, 2.0, 4.0);
        assertThat(script.remainings.get(0)).isEqualTo(Duration.ofSeconds(300));
    }

    /**
     * The service counts a request when it arrives, which the client only knows happened before the
     * answer came: a slow answer is followed the minimum interval after it, not after its start...
     */
    @Test
    void aSlowAnswerIsFollowedTheIntervalAfterItArrived() {
        Poller.Attempt<String> slow = slow(turn -> {});

        assertThat(Poller.await(plan(WaitOptions.defaults()), slow)).isEqualTo("done");
        assertThat(time.now()).isEqualTo(T0.plusSeconds(25 + 2 + 25 + 2 + 25));
    }

    /** ...unless the service held it for a known time (a long-poll answered "not yet" after its wait). */
    @Test
    void aHeldAnswerIsFollowedAtOnceWhenItArrivedLongEnoughAgo() {
        Poller.Attempt<String> longPoll = slow(turn -> turn.answeredAfterHold(Duration.ofSeconds(25)));

        assertThat(Poller.await(plan(WaitOptions.defaults()), longPoll)).isEqualTo("done");
        assertThat(time.now()).isEqualTo(T0.plusSeconds(75));
    }

    /** Answers after 25 s: pending twice, then done, telling the turn as {@code arrival} says. */
    private Poller.Attempt<String> slow(java.util.function.Consumer<Poller.Turn> arrival) {
        return new Poller.Attempt<>() {
            int calls;

            @Override
            public CompletableFuture<Poller.Step<String>> run(Poller.Turn turn) {
                try {
                    time.sleep(Duration.ofSeconds(25));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                arrival.accept(turn);
                return CompletableFuture.completedFuture(++calls < 3 ? new Poller.Pending<>("pending") : new Poller.Done<>("done"));
            }
        };
    }

    @Test
    void theSharedGateKeepsTheIntervalAcrossWaitsOfOneSession() {
        RequestGate gate = new RequestGate(Duration.ofSeconds(2), 60);
        ((RequestGate.Admitted) gate.tryAcquire(time.nanoTime(), Long.MAX_VALUE, "another wait")).permit().arrived(time.nanoTime());
        Script script = new Script().then("done");

        Poller.await(plan(WaitOptions.defaults(), TWO_SECONDS, null, gate), script);

        assertThat(script.starts).containsExactly(2.0);
        assertThat(gate.used()).isEqualTo(2);
    }

    @Test
    void stopsBeforeTheSharedPollCapIsExceeded() {
        RequestGate gate = new RequestGate(Duration.ofSeconds(2), 5);
        ((RequestGate.Admitted) gate.tryAcquire(time.nanoTime(), Long.MAX_VALUE, "another wait")).permit().arrived(time.nanoTime());
        Script script = new Script();

        assertThatThrownBy(() -> Poller.await(plan(WaitOptions.defaults(), TWO_SECONDS, null, gate), script))
                .isInstanceOfSatisfying(PollCapException.class, e -> {
                    assertThat(e.limit()).isEqualTo(5);
                    assertThat(e.attempts()).isEqualTo(4);
                });
        assertThat(script.starts).hasSize(4);
        assertThat(gate.used()).isEqualTo(5);
    }

    @Test
    void stopsAtTheWaitsOwnRequestLimit() {
        Script script = new Script();
        assertThatThrownBy(() -> Poller.await(plan(WaitOptions.builder().maxRequests(3).build()), script))
                .isInstanceOfSatisfying(PollCapException.class, e -> assertThat(e.limit()).isEqualTo(3));
        assertThat(script.starts).hasSize(3);
    }

    @Test
    void givesUpAtTheDeadlineWithoutARequestPastIt() {
        Script script = new Script();
        assertThatThrownBy(() -> Poller.await(plan(WaitOptions.builder().timeout(Duration.ofSeconds(7)).build()), script))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> assertThat(e.attempts()).isEqualTo(4));
        assertThat(script.starts).containsExactly(0.0, 2.0, 4.0, 6.0);
        assertThat(script.remainings.get(3)).isEqualTo(Duration.ofSeconds(1));
    }

    /**
     * A wait polling slower than the service's minimum (the RPC: every 2 s, 1 s allowed) whose next
     * read would start past its deadline makes one last read just before the deadline, so a result
     * that came in the last interval is not missed: it gave up at 6 s of a 7.5 s timeout before.
     */
    @Test
    void makesALastReadJustBeforeTheDeadlineWhenTheNextPacedOneWouldPassIt() {
        Script script = new Script().then("pending").then("pending").then("pending").then("pending").then("completed");
        WaitPlan plan = plan(WaitOptions.builder().timeout(Duration.ofMillis(7_500)).build(),
                Pace.fixed(Duration.ofSeconds(1), Duration.ofSeconds(2)), Duration.ofSeconds(300),
                new RequestGate(Duration.ofSeconds(1), 60));

        assertThat(Poller.await(plan, script)).isEqualTo("completed");
        assertThat(script.starts).containsExactly(0.0, 2.0, 4.0, 6.0, 7.4);
        assertThat(script.remainings.get(4)).isEqualTo(Duration.ofMillis(100));
    }

    /** The last read keeps the service's minimum interval, and is made once: then the wait times out. */
    @Test
    void theLastReadKeepsTheMinimumIntervalAndIsMadeOnce() {
        Pace pace = Pace.fixed(Duration.ofSeconds(1), Duration.ofSeconds(2));
        Script tooSoon = new Script();
        assertThatThrownBy(() -> Poller.await(plan(WaitOptions.builder().timeout(Duration.ofMillis(6_900)).build(), pace,
                Duration.ofSeconds(300), new RequestGate(Duration.ofSeconds(1), 60)), tooSoon))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> assertThat(e.attempts()).isEqualTo(4));
        assertThat(tooSoon.starts).containsExactly(0.0, 2.0, 4.0, 6.0);

        Script once = new Script();
        assertThatThrownBy(() -> Poller.await(plan(WaitOptions.builder().timeout(Duration.ofMillis(7_500)).build(), pace,
                Duration.ofSeconds(300), new RequestGate(Duration.ofSeconds(1), 60)), once))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> assertThat(e.attempts()).isEqualTo(5));
        assertThat(once.starts).hasSize(5);
        assertThat(once.starts.get(4) - once.starts.get(0)).isCloseTo(7.4, org.assertj.core.data.Offset.offset(1e-6));
    }

    /** WaitOptions.deadline: "The instant the wait gives up at the latest", a later timeout or session's end notwithstanding. */
    @Test
    void aCallersDeadlineBeforeItsTimeoutEndsTheWait() {
        Script script = new Script();
        WaitOptions options = WaitOptions.builder().deadline(T0.plusSeconds(7)).timeout(Duration.ofSeconds(50)).build();

        assertThatThrownBy(() -> Poller.await(plan(options), script))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> assertThat(e.attempts()).isEqualTo(4));
        assertThat(script.starts).containsExactly(0.0, 2.0, 4.0, 6.0);
    }

    @Test
    void aCallersDeadlineAloneEndsTheWaitBeforeTheSessionsEnd() {
        Script script = new Script();
        WaitOptions options = WaitOptions.builder().deadline(T0.plusSeconds(7)).build();

        assertThatThrownBy(() -> Poller.await(plan(options), script))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> assertThat(e.attempts()).isEqualTo(4));
        assertThat(script.starts).containsExactly(0.0, 2.0, 4.0, 6.0);
    }

    @Test
    void theEarliestOfTimeoutDeadlineAndNaturalDeadlineApplies() {
        WaitPlan plan = plan(WaitOptions.builder().deadline(T0.plusSeconds(100)).timeout(Duration.ofSeconds(50)).build());
        assertThat(plan.deadlineNanos() - time.nanoTime()).isEqualTo(Duration.ofSeconds(50).toNanos());
        assertThat(plan(WaitOptions.builder().deadline(T0.plusSeconds(900)).build()).deadlineNanos() - time.nanoTime())
                .isEqualTo(Duration.ofSeconds(300).toNanos());
        assertThat(plan(WaitOptions.defaults(), TWO_SECONDS, null, RequestGate.open()).deadlineNanos()).isNull();
    }

    @Test
    void aRetryHintDelaysTheNextRequest() {
        RateLimitException limited = new RateLimitException(
                ApiError.of(Service.ROBLOX, 429, "TOO_MANY_REQUESTS", "Rate limit hit. Try again in 9s.")
                        .withRetryAfter(Duration.ofSeconds(9)));
        Script script = new Script().then(limited).then("done");

        assertThat(Poller.await(plan(WaitOptions.defaults()), script)).isEqualTo("done");
        assertThat(script.starts.get(1)).isBetween(9.0, 9.5);
    }

    @Test
    void aPendingAnswersNotBeforeHintIsKept() {
        Poller.Attempt<String> attempt = new Poller.Attempt<>() {
            int calls;

            @Override
            public CompletableFuture<Poller.Step<String>> run(Poller.Turn turn) {
                return CompletableFuture.completedFuture(
                        ++calls == 1 ? new Poller.Pending<>("pending", Duration.ofSeconds(5)) : new Poller.Done<>("x"));
            }
        };
        Poller.start(plan(WaitOptions.defaults()), attempt).join();
        assertThat(time.scheduledDelays()).containsExactly(Duration.ofSeconds(5));
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void transientFailuresAreRetriedWithBackoffThenSucceed() {
        ServerException unavailable = new ServerException(ApiError.of(Service.DOCK, 503, null, null));
        TransportException reset = new TransportException(Service.DOCK, "reset", null, null);
        Script script = new Script().then(unavailable).then(reset).then("done");

        assertThat(Poller.await(plan(WaitOptions.defaults()), script)).isEqualTo("done");
        assertThat(script.starts).hasSize(3);
        for (int i = 1; i < 3; i++) {
            assertThat(script.starts.get(i) - script.starts.get(i - 1)).isGreaterThanOrEqualTo(2.0);
        }
    }

    @Test
    void tooManyTransientFailuresInARowEndTheWaitWithTheLast() {
        Script script = new Script();
        for (int i = 0; i < 10; i++) {
            script.then(new ServerException(ApiError.of(Service.DOCK, 502, null, "bad gateway " + i)));
        }
        assertThatThrownBy(() -> Poller.await(plan(WaitOptions.defaults()), script))
                .isInstanceOf(ServerException.class).hasMessageContaining("bad gateway 5");
        assertThat(script.starts).hasSize(WaitPlan.DEFAULT_MAX_CONSECUTIVE_FAILURES + 1);
    }

    @Test
    void theCallerChoosesHowManyFailuresInARowAWaitRidesOut() {
        Script script = new Script().then(new ServerException(ApiError.of(Service.DOCK, 503, null, "busy 0")))
                .then("pending");
        for (int i = 1; i < 10; i++) {
            script.then(new ServerException(ApiError.of(Service.DOCK, 503, null, "busy " + i)));
        }
        assertThatThrownBy(() -> Poller.await(plan(WaitOptions.builder().maxConsecutiveFailures(2).build()), script))
                .isInstanceOf(ServerException.class).hasMessageContaining("busy 3");
        assertThat(script.starts).as("1 failure, a success, then 3 failures").hasSize(5);

        Script none = new Script().then(new ServerException(ApiError.of(Service.DOCK, 503, null, "at once")));
        assertThatThrownBy(() -> Poller.await(plan(WaitOptions.builder().maxConsecutiveFailures(0).build()), none))
                .hasMessageContaining("at once");
        assertThat(none.starts).hasSize(1);

        for (int refused : new int[] {-1, 1_001}) {
            assertThatThrownBy(() -> WaitOptions.builder().maxConsecutiveFailures(refused).build())
                    .isInstanceOfSatisfying(ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("maxConsecutiveFailures"));
        }
    }

    @Test
    void aPermanentFailureEndsTheWaitAtOnce() {
        Script script = new Script().then("pending").then(new NotFoundException(ApiError.of(Service.DOCK, 404, "SESSION_NOT_FOUND", null)));
        assertThatThrownBy(() -> Poller.await(plan(WaitOptions.defaults()), script)).isInstanceOf(NotFoundException.class);
        assertThat(script.starts).hasSize(2);
    }

    @Test
    void theIntervalGrowsUpToItsMaximum() {
        Pace growing = Pace.growing(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30), 2.0);
        Script script = new Script();
        for (int i = 0; i < 6; i++) {
            script.then("pending");
        }
        script.then("verified");
        Poller.await(plan(WaitOptions.defaults(), growing, null, RequestGate.open()), script);
        assertThat(time.scheduledDelays()).isEmpty();
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    @Test
    void aCallersIntervalBelowTheServiceFloorIsRefused() {
        assertThatThrownBy(() -> plan(WaitOptions.builder().pollInterval(Duration.ofMillis(1500)).build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("pollInterval");
                    assertThat(e.rule()).contains("2000 ms");
                });
        WaitPlan slower = plan(WaitOptions.builder().pollInterval(Duration.ofSeconds(5)).build());
        assertThat(slower.pace().interval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theListenerHearsEveryRequestAndItsFailuresDoNotEndTheWait() {
        List<WaitProgress> seen = new ArrayList<>();
        WaitOptions options = WaitOptions.builder().listener(p -> {
            seen.add(p);
            throw new IllegalStateException("listener bug");
        }).build();
        Script script = new Script().then("pending").then(new TransportException(Service.DOCK, "x", null, null)).then("done");

        assertThat(Poller.await(plan(options), script)).isEqualTo("done");
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).attempts()).isEqualTo(1);
        assertThat(seen.get(0).pollsUsed()).isEqualTo(1);
        assertThat(seen.get(0).pollCap()).hasValue(60);
        assertThat(seen.get(0).remaining()).contains(Duration.ofSeconds(300));
        assertThat(seen.get(0).lastStatus()).isEqualTo("pending");
        assertThat(seen.get(1).lastStatus()).isEqualTo("TransportException");
    }

    @Test
    void progressIsAValueIntegratorsCanBuild() {
        WaitProgress progress = WaitProgress.builder().attempts(2).pollsUsed(5).pollCap(60).elapsed(Duration.ofSeconds(4))
                .lastStatus("pending").build();

        assertThat(progress.remaining()).isEmpty();
        assertThat(progress.toBuilder().build()).isEqualTo(progress).hasSameHashCodeAs(progress);
        assertThat(progress.toBuilder().remaining(Duration.ofSeconds(1)).build()).isNotEqualTo(progress);
        assertThat(progress.toString()).isEqualTo(
                "WaitProgress{attempts=2, pollsUsed=5, pollCap=60, elapsed=PT4S, lastStatus=pending}");
        assertThatThrownBy(() -> WaitProgress.builder().attempts(1).pollsUsed(1).elapsed(Duration.ZERO).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("lastStatus");
    }

    @Test
    void cancellingTheFutureCancelsTheRequestInFlight() throws Exception {
        CompletableFuture<Poller.Step<String>> inFlight = new CompletableFuture<>();
        CompletableFuture<String> wait = Poller.start(plan(WaitOptions.defaults()), turn -> inFlight);

        wait.cancel(true);

        assertThat(inFlight).isCancelled();
        assertThat(wait).isCancelled();
    }

    @Test
    void cancellingBetweenRequestsCancelsTheScheduledOne() {
        VirtualScheduler manual = VirtualScheduler.manual(T0);
        Script script = new Script();
        WaitPlan plan = WaitPlan.of(Service.DOCK, manual, backoff, lifecycle, WaitOptions.defaults(), TWO_SECONDS, null, RequestGate.open());
        CompletableFuture<String> wait = Poller.start(plan, script);
        assertThat(manual.pendingTasks()).isEqualTo(1);

        wait.cancel(true);
        manual.advance(Duration.ofSeconds(10));

        assertThat(script.starts).hasSize(1);
        assertThat(manual.pendingTasks()).isZero();
    }

    @Test
    void interruptingABlockingWaitCancelsIt() throws Exception {
        CompletableFuture<Poller.Step<String>> inFlight = new CompletableFuture<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                Poller.await(plan(WaitOptions.defaults()), turn -> {
                    started.countDown();
                    return inFlight;
                });
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        waiter.start();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue(); // hang guards, not timings
        waiter.interrupt();
        waiter.join(30_000);

        assertThat(thrown.get()).isInstanceOf(WaitCancelledException.class);
        assertThat(inFlight).isCancelled();
    }

    @Test
    void theAsyncFormCompletesWithTheTypedException() {
        Script script = new Script().then(new NotFoundException(ApiError.of(Service.DOCK, 404, null, null)));
        CompletableFuture<String> wait = Poller.start(plan(WaitOptions.defaults()), script);
        assertThatThrownBy(() -> wait.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NotFoundException.class);
    }

    @Test
    void anAttemptThatThrowsFailsTheWait() {
        assertThatThrownBy(() -> Poller.await(plan(WaitOptions.defaults()), turn -> {
            throw new ValidationException("sessionId", "must not be blank");
        })).isInstanceOf(ValidationException.class);
    }

    /** close() can reach a read of the wait before its hook ends the wait: the wait still ends as cancelled. */
    @Test
    void aReadThatFindsTheClientClosedEndsTheWaitAsCancelled() {
        Script script = new Script().then("pending")
                .then(new dev.verifykit.error.ClientClosedException(Service.DOCK, "GET /v2/sessions/{id}"));

        assertThatThrownBy(() -> Poller.await(plan(WaitOptions.defaults()), script))
                .isInstanceOf(WaitCancelledException.class)
                .hasMessageContaining("the client was closed");
        assertThat(script.starts).hasSize(2);
    }

    @Test
    void theGateCountsAndSpacesArrivals() {
        RequestGate gate = new RequestGate(Duration.ofSeconds(2), 3);
        RequestGate.Permit first = ((RequestGate.Admitted) gate.tryAcquire(0, Long.MAX_VALUE, "a")).permit();
        assertThat(gate.tryAcquire(100_000_000L, Long.MAX_VALUE, "a")).as("one in flight: ask again later")
                .isEqualTo(new RequestGate.Wait(2_000_000_000L, true));
        gate.leave("a");
        first.arrived(1_000_000_000L);
        first.arrived(9_000_000_000L); // only the first report counts
        assertThat(gate.tryAcquire(1_500_000_000L, Long.MAX_VALUE, "a")).as("2 s from the answer").isEqualTo(new RequestGate.Wait(1_500_000_000L));
        RequestGate.Permit second = ((RequestGate.Admitted) gate.tryAcquire(3_000_000_000L, Long.MAX_VALUE, "a")).permit();
        second.arrived(-5_000_000_000L); // a hold longer than the wait cannot place the arrival before the start
        assertThat(gate.tryAcquire(4_000_000_000L, Long.MAX_VALUE, "a")).isEqualTo(new RequestGate.Wait(1_000_000_000L));
        assertThat(gate.tryAcquire(5_000_000_000L, Long.MAX_VALUE, "a")).isInstanceOf(RequestGate.Admitted.class);
        assertThat(gate.tryAcquire(99_000_000_000L, Long.MAX_VALUE, "a")).isInstanceOf(RequestGate.Exhausted.class);
        assertThat(gate.used()).isEqualTo(3);
        assertThat(RequestGate.open().capped()).isFalse();
    }

    /** A read that waited for a long-poll in flight goes next, even though the long-poll asks again the moment it ends. */
    @Test
    void waitersTakeTheirTurnsInTheOrderTheyAsked() {
        RequestGate gate = new RequestGate(Duration.ofSeconds(2), 60);
        RequestGate.Permit longPoll = ((RequestGate.Admitted) gate.tryAcquire(0, Long.MAX_VALUE, "long-poll")).permit();
        for (long t = 1_000_000_000L; t < 25_000_000_000L; t += 2_000_000_000L) {
            assertThat(gate.tryAcquire(t, Long.MAX_VALUE, "retrieve")).as("asking again every 2 s").isInstanceOf(RequestGate.Wait.class);
        }
        longPoll.arrived(25_000_000_000L - 25_000_000_000L); // held 25 s, answered at 25 s

        assertThat(gate.tryAcquire(25_000_000_000L, Long.MAX_VALUE, "long-poll")).as("the retrieve asked first")
                .isInstanceOf(RequestGate.Wait.class);
        RequestGate.Permit retrieve = ((RequestGate.Admitted) gate.tryAcquire(25_100_000_000L, Long.MAX_VALUE, "retrieve")).permit();
        retrieve.arrived(25_200_000_000L);
        assertThat(gate.tryAcquire(26_000_000_000L, Long.MAX_VALUE, "long-poll")).isEqualTo(new RequestGate.Wait(1_200_000_000L));
        assertThat(gate.tryAcquire(27_200_000_000L, Long.MAX_VALUE, "long-poll")).isInstanceOf(RequestGate.Admitted.class);
    }

    /**
     * A bug's exception reaches the caller as a VerifyKitException; an {@link Error} reaches an
     * asynchronous wait's future so too, and a blocking caller as it is (as the transport throws one).
     */
    @Test
    void anUnexpectedThrowableEndsTheWaitAsAVerifyKitExceptionWithItAsTheCause() throws Exception {
        Poller.Attempt<String> throwing = turn -> {
            throw new IllegalStateException("bug");
        };
        Poller.Attempt<String> failingWithAnError = turn ->
                CompletableFuture.failedFuture(new AssertionError("an Error in a request"));

        assertThatThrownBy(() -> Poller.await(plan(WaitOptions.defaults()), throwing))
                .isExactlyInstanceOf(dev.verifykit.error.VerifyKitException.class)
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("IllegalStateException");
        assertThatThrownBy(() -> Poller.await(plan(WaitOptions.defaults()), failingWithAnError))
                .isExactlyInstanceOf(AssertionError.class).hasMessage("an Error in a request");
        assertThatThrownBy(() -> Poller.start(plan(WaitOptions.defaults()), failingWithAnError).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isExactlyInstanceOf(dev.verifykit.error.VerifyKitException.class)
                .hasCauseInstanceOf(AssertionError.class);
    }

    @Test
    void aListenerThatThrowsAnErrorDoesNotEndTheWait() {
        Script script = new Script().then("pending").then("completed");
        List<Integer> heard = new CopyOnWriteArrayList<>();
        WaitOptions options = WaitOptions.builder().listener(p -> {
            heard.add(p.attempts());
            throw new AssertionError("a test's assertion inside a listener");
        }).build();

        assertThat(Poller.await(plan(options), script)).isEqualTo("completed");
        assertThat(heard).containsExactly(1);
    }

    /** Closing the client ends its waits at once, as cancelled, and nothing of them runs afterwards. */
    @Test
    void closingTheClientEndsPendingWaitsAtOnceAndForGood() {
        VirtualScheduler manual = VirtualScheduler.manual(T0);
        WaitPlan plan = WaitPlan.of(Service.DOCK, manual, backoff, lifecycle, WaitOptions.defaults(), TWO_SECONDS, null,
                new RequestGate(Duration.ofSeconds(2), 60));
        List<Integer> requests = new CopyOnWriteArrayList<>();
        Poller.Attempt<String> pending = turn -> {
            requests.add(turn.number());
            return CompletableFuture.completedFuture(new Poller.Pending<>("pending"));
        };
        CompletableFuture<String> wait = Poller.start(plan, pending);
        manual.advance(Duration.ofSeconds(3));
        assertThat(requests).containsExactly(1, 2);

        lifecycle.close();

        assertThat(wait).isCompletedExceptionally();
        assertThatThrownBy(wait::join).hasCauseInstanceOf(WaitCancelledException.class)
                .hasMessageContaining("the client was closed");
        manual.advance(Duration.ofMinutes(10));
        assertThat(requests).as("no request after close").containsExactly(1, 2);
        assertThatThrownBy(() -> Poller.await(plan, pending)).isInstanceOf(dev.verifykit.error.ClientClosedException.class);
        assertThat(requests).containsExactly(1, 2);
    }

    /**
     * close() marks the client closed, then ends its waits: a wait whose next request started in
     * between was refused by the transport at once (it throws, nothing sent), and the wait ended with
     * that ClientClosedException instead of as cancelled (seen once in a loaded run of ClientCloseTest).
     */
    @Test
    void aRequestRefusedAsTheClientClosesEndsTheWaitAsCancelled() {
        VirtualScheduler manual = VirtualScheduler.manual(T0);
        WaitPlan plan = WaitPlan.of(Service.DOCK, manual, backoff, lifecycle, WaitOptions.defaults(), TWO_SECONDS, null,
                new RequestGate(Duration.ofSeconds(2), 60));
        Poller.Attempt<String> closingMeanwhile = turn -> {
            if (turn.number() == 2) { // the transport's refusal in the window before the close hook ran
                throw new dev.verifykit.error.ClientClosedException(Service.DOCK, "GET /v2/sessions/{id}");
            }
            return CompletableFuture.completedFuture(new Poller.Pending<>("pending"));
        };
        CompletableFuture<String> wait = Poller.start(plan, closingMeanwhile);

        manual.advance(Duration.ofSeconds(3));

        assertThat(wait).isCompletedExceptionally();
        assertThatThrownBy(wait::join).hasCauseInstanceOf(WaitCancelledException.class)
                .hasMessageContaining("the client was closed");
    }
}
