package dev.verifykit.poll.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.Service;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.http.internal.ClientLifecycle;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.SteppedClock;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A wait's timeout ({@code WaitOptions.timeout}) and a session's natural deadline (its lifetime from
 * now) are relative durations. Before, {@link WaitPlan#of} turned them into wall-clock instants
 * ({@code scheduler.now().plus(timeout)}; the clients passed {@code now().plus(lifetime)}) and the
 * wait turned them back into a nanoTime deadline with a second wall reading: a step of the wall
 * clock (an NTP correction) landing between the two readings counted as time passed (or unpassed),
 * although waits are "timed on the monotonic clock ... a step of it (an NTP correction) is no time
 * that passed" (README). They are added to one monotonic reading now.
 */
class WaitPlanWallStepTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final Pace TWO_SECONDS = Pace.fixed(Duration.ofSeconds(2), Duration.ofSeconds(2));

    /** True time: the monotonic clock and the timers. */
    private final VirtualScheduler time = VirtualScheduler.autoAdvancing(T0);
    private final SteppedClock machine = new SteppedClock(time);
    private final ClientLifecycle lifecycle = new ClientLifecycle(Service.DOCK);
    private final RetryPolicy backoff = RetryPolicy.builder().random(new Random(3)).build();
    private final List<Instant> requests = new CopyOnWriteArrayList<>();

    private final Poller.Attempt<String> alwaysPending = turn -> {
        requests.add(time.now());
        return CompletableFuture.completedFuture(new Poller.Pending<>("pending"));
    };

    private WaitPlan plan(WaitOptions options, Duration naturalLife) {
        return WaitPlan.of(Service.DOCK, machine, backoff, lifecycle, options, TWO_SECONDS, naturalLife,
                new RequestGate(Duration.ofSeconds(2), 1_000));
    }

    /**
     * A 30-s timeout, the machine's clock stepped back an hour between the plan's reading and the
     * wait's: the wait should time out 30 s (true time) after it began, having read about 15 times.
     */
    @Test
    void aWallClockSteppedBackAsTheWaitStartsDoesNotStretchItsTimeout() {
        machine.wallOffAfterNextRead(Duration.ofHours(-1));
        Throwable thrown = catchThrowable(() -> Poller.await(plan(WaitOptions.builder().timeout(Duration.ofSeconds(30))
                .maxRequests(200).build(), null), alwaysPending));

        assertThat(thrown).as("a 30-s timeout; the wait ended %s after it began, after %s requests",
                Duration.between(T0, time.now()), requests.size()).isInstanceOf(WaitTimeoutException.class);
        assertThat(Duration.between(T0, time.now())).isLessThanOrEqualTo(Duration.ofSeconds(31));
    }

    /**
     * The same timeout, the clock stepped forward an hour between the two readings: the wait should
     * still read for 30 s; it gave up at once, nothing sent.
     */
    @Test
    void aWallClockSteppedForwardAsTheWaitStartsDoesNotEndItAtOnce() {
        machine.wallOffAfterNextRead(Duration.ofHours(1));
        catchThrowable(() -> Poller.await(plan(WaitOptions.builder().timeout(Duration.ofSeconds(30)).build(), null),
                alwaysPending));

        assertThat(requests).as("requests of a wait with a 30-s timeout; it ended %s after it began",
                Duration.between(T0, time.now())).hasSizeGreaterThanOrEqualTo(10);
    }

    /**
     * A session's natural deadline (its lifetime from now), the clock stepped forward past it as the
     * plan is made: the wait reads the live session (before, it ended at once, nothing sent).
     */
    @Test
    void aWallClockSteppedForwardDoesNotEndAWaitAtItsSessionsNaturalDeadline() {
        machine.wallOffAfterNextRead(Duration.ofMinutes(20));
        Duration natural = Duration.ofMinutes(10).plus(SessionExpiry.GRACE);
        catchThrowable(() -> Poller.await(plan(WaitOptions.builder().maxRequests(5).build(), natural), alwaysPending));

        assertThat(requests).as("requests of a wait whose session lives 10 minutes; it ended %s after it began",
                Duration.between(T0, time.now())).hasSize(5);
    }

    /** Control: no step, the same wait times out 30 s in. */
    @Test
    void controlWithoutAStepTheTimeoutHolds() {
        machine.wallOffAfterNextRead(Duration.ZERO);
        Throwable thrown = catchThrowable(() -> Poller.await(plan(WaitOptions.builder().timeout(Duration.ofSeconds(30))
                .maxRequests(200).build(), null), alwaysPending));

        assertThat(thrown).isInstanceOf(WaitTimeoutException.class);
        assertThat(Duration.between(T0, time.now())).isLessThanOrEqualTo(Duration.ofSeconds(31));
    }
}
