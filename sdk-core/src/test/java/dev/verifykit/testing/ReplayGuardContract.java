package dev.verifykit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.webhook.ReplayGuard;
import dev.verifykit.webhook.ReplayGuard.Claim;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReplayGuard} does, whatever keeps its state: each implementation's test extends
 * this with fresh, empty guards. Time is the guard's ({@link #now()}, {@link #pass}); checks that a
 * claim still stands use claims of an hour, or one whose timeout is far longer than the few calls
 * between (so a guard timed by a real clock, Redis, does not race them). Shipped in sdk-core's test
 * jar.
 */
public abstract class ReplayGuardContract {
    private static final Duration HOUR = Duration.ofHours(1);

    /** A fresh guard, sharing nothing with the guards of other tests. */
    protected abstract ReplayGuard guard(Duration ttl, Duration claimTimeout);

    /** What the verifier would pass as {@code now}. */
    protected abstract Instant now();

    /** Lets at least {@code duration} pass on the guard's clock. */
    protected abstract void pass(Duration duration) throws InterruptedException;

    @Test
    void aClaimIsInProgressUntilReleasedAndDoneOnceCommitted() {
        ReplayGuard guard = guard(HOUR, HOUR);
        Claim first = guard.claim("k", now());
        assertThat(first.kind()).isEqualTo(Claim.Kind.CLAIMED);
        assertThat(first.token()).isNotEmpty();
        assertThat(first.deliveryKey()).isEqualTo("k");

        Claim copy = guard.claim("k", now());
        assertThat(copy.kind()).isEqualTo(Claim.Kind.IN_PROGRESS);
        assertThat(copy.retryAfter()).as("until the claim expires at the latest").isPositive().isLessThanOrEqualTo(HOUR);

        guard.release(first);
        Claim retry = guard.claim("k", now());
        assertThat(retry.kind()).as("released: the service's retry is handled").isEqualTo(Claim.Kind.CLAIMED);
        assertThat(retry.token()).isNotEqualTo(first.token());

        guard.release(first);
        assertThat(guard.claim("k", now()).kind()).as("releasing an old claim leaves the one held")
                .isEqualTo(Claim.Kind.IN_PROGRESS);

        guard.commit(retry, now());
        assertThat(guard.claim("k", now()).kind()).isEqualTo(Claim.Kind.DONE);
        guard.release(retry);
        assertThat(guard.claim("k", now()).kind()).as("a release after the commit changes nothing")
                .isEqualTo(Claim.Kind.DONE);
        assertThat(guard.claim("other", now()).kind()).as("another delivery").isEqualTo(Claim.Kind.CLAIMED);
    }

    @Test
    void anExtendedClaimStandsAClaimTimeoutFromItsExtension() throws Exception {
        ReplayGuard guard = guard(HOUR, HOUR);
        assertThat(guard.claimTimeout()).isEqualTo(HOUR);
        Claim claim = guard.claim("k", now());
        pass(Duration.ofSeconds(1));
        Duration before = guard.claim("k", now()).retryAfter();
        assertThat(before).isLessThanOrEqualTo(HOUR.minusSeconds(1));

        guard.extend(claim, now());

        Claim copy = guard.claim("k", now());
        assertThat(copy.kind()).isEqualTo(Claim.Kind.IN_PROGRESS);
        assertThat(copy.retryAfter()).as("a claim timeout from the extension").isGreaterThan(before);
    }

    @Test
    void onlyTheClaimHeldIsExtended() {
        ReplayGuard guard = guard(HOUR, HOUR);
        Claim released = guard.claim("k", now());
        guard.release(released);
        guard.extend(released, now());
        Claim next = guard.claim("k", now());
        assertThat(next.kind()).as("a released claim is not brought back").isEqualTo(Claim.Kind.CLAIMED);

        guard.commit(next, now());
        guard.extend(next, now());
        assertThat(guard.claim("k", now()).kind()).as("a committed delivery stays done").isEqualTo(Claim.Kind.DONE);
    }

    @Test
    void anAbandonedClaimExpiresAndItsLateCommitStillCounts() throws Exception {
        ReplayGuard guard = guard(HOUR, Duration.ofMillis(300));
        Claim abandoned = guard.claim("k", now());
        assertThat(abandoned.kind()).isEqualTo(Claim.Kind.CLAIMED);

        pass(Duration.ofMillis(300));

        Claim next = guard.claim("k", now());
        assertThat(next.kind()).as("the abandoned claim expired").isEqualTo(Claim.Kind.CLAIMED);
        guard.commit(abandoned, now());
        assertThat(guard.claim("k", now()).kind()).as("the handler did succeed").isEqualTo(Claim.Kind.DONE);
    }

    @Test
    void aHandledDeliveryIsForgottenAfterTheTimeToLive() throws Exception {
        ReplayGuard guard = guard(Duration.ofMillis(300), HOUR);
        Claim claim = guard.claim("k", now());
        guard.commit(claim, now());
        assertThat(guard.claim("other", now()).kind()).isEqualTo(Claim.Kind.CLAIMED);

        pass(Duration.ofMillis(300));

        assertThat(guard.claim("k", now()).kind()).isEqualTo(Claim.Kind.CLAIMED);
    }

    @Test
    void underContentionEachKeyIsClaimedOnce() throws Exception {
        ReplayGuard guard = guard(HOUR, HOUR);
        ConcurrentHashMap<String, Integer> claimed = new ConcurrentHashMap<>();
        Contention.run(8, () -> {
            for (int i = 0; i < 200; i++) {
                if (guard.claim("key-" + i, now()).kind() == Claim.Kind.CLAIMED) {
                    claimed.merge("key-" + i, 1, Integer::sum);
                }
            }
            return null;
        });
        assertThat(claimed).hasSize(200).allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
    }
}
