package dev.verifykit.poll.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verifykit.error.ApiError;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.Service;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.http.internal.ClientLifecycle;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Review of a9ec0b45: a run of 429s without any hint (a proxy refusing again and again) was retried
 * after {@code backoff(consecutiveFailures)}, exponential (README, Retries: "exponential backoff and
 * full jitter (0.5 s base, 8 s cap)"). The change sends it down the "hint shorter than the interval"
 * path, which waits {@code interval + backoff(1)} every time: the escalation is gone, and from the
 * third refusal in a row the wait asks the refusing proxy sooner than it did before the change.
 */
class HintlessRefusalRunBackoffTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");

    private final VirtualScheduler time = VirtualScheduler.autoAdvancing(T0);
    /** Jitter pinned near its top, so that each backoff is (almost) its cap: 0.5, 1, 2, 4 s. */
    private final RetryPolicy backoff = RetryPolicy.builder().random(new Random() {
        @Override
        public double nextDouble() {
            return 0.99;
        }
    }).build();

    @Test
    void aRunOfRefusalsWithoutAHintStillBacksOffExponentially() {
        List<Double> starts = new CopyOnWriteArrayList<>();
        Poller.Attempt<String> attempt = turn -> {
            starts.add(time.nanoTime() / 1e9);
            if (starts.size() <= 4) {
                return CompletableFuture.failedFuture(new RateLimitException(
                        ApiError.of(Service.DOKAI, 429, "rate_limited", "Too Many Requests"))); // no Retry-After
            }
            return CompletableFuture.completedFuture(new Poller.Done<>("done"));
        };
        WaitPlan plan = WaitPlan.of(Service.DOKAI, time, backoff, new ClientLifecycle(Service.DOKAI),
                WaitOptions.defaults(), Pace.fixed(Duration.ofSeconds(2), Duration.ofSeconds(2)),
                Duration.ofSeconds(300), RequestGate.open());

        assertThat(Poller.await(plan, attempt)).isEqualTo("done");

        assertThat(starts).hasSize(5);
        double afterFourthRefusal = starts.get(4) - starts.get(3);
        assertThat(afterFourthRefusal).as("the wait after the 4th refusal in a row (backoff(4) = 0.99 x 4 s = 3.96 s before"
                + " the change; starts %s)", starts).isGreaterThanOrEqualTo(3.96);
    }

    /** RELIABILITY: "A wait refused 429 with no hint at all ... waits its interval too, plus the backoff of its failures in a row". */
    @Test
    void aFirstRefusalWithoutAHintWaitsTheIntervalPlusTheFirstBackoff() {
        List<Double> starts = new CopyOnWriteArrayList<>();
        Poller.Attempt<String> attempt = turn -> {
            starts.add(time.nanoTime() / 1e9);
            return starts.size() == 1
                    ? CompletableFuture.failedFuture(new RateLimitException(ApiError.of(Service.DOKAI, 429, "rate_limited", null)))
                    : CompletableFuture.completedFuture(new Poller.Done<>("done"));
        };
        WaitPlan plan = WaitPlan.of(Service.DOKAI, time, backoff, new ClientLifecycle(Service.DOKAI),
                WaitOptions.defaults(), Pace.fixed(Duration.ofSeconds(2), Duration.ofSeconds(2)),
                Duration.ofSeconds(300), RequestGate.open());

        assertThat(Poller.await(plan, attempt)).isEqualTo("done");

        assertThat(starts).hasSize(2);
        assertThat(starts.get(1) - starts.get(0)).as("2 s + 0.99 x 0.5 s").isCloseTo(2.495, within(1e-6));
    }
}
