package dev.verifykit.dock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CreateBucketTest {
    private static final Duration REFILL = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
    private final CreateBucket bucket = new CreateBucket(time, 2, REFILL);

    @Test
    void aFullBucketSendsItsBurstAtOnce() {
        assertThat(bucket.tryStart("a", LEASE)).isZero();
        assertThat(bucket.tryStart("b", LEASE)).isZero();
        assertThat(bucket.tryStart("c", LEASE)).as("both tokens held by creates in flight").isEqualTo(REFILL);
    }

    @Test
    void theRefillCountsFromTheAnswerNotFromTheSend() {
        bucket.tryStart("a", LEASE);
        bucket.tryStart("b", LEASE);
        time.advance(Duration.ofSeconds(10));
        assertThat(bucket.tryStart("c", LEASE)).as("no answer yet: either may still arrive").isEqualTo(REFILL);

        bucket.arrived("a"); // it arrived by now at the latest, 10 s after it was sent
        assertThat(bucket.tryStart("c", LEASE)).as("its token is Dock's again only a refill after its arrival")
                .isEqualTo(REFILL);
        time.advance(Duration.ofSeconds(4));
        assertThat(bucket.tryStart("c", LEASE)).isEqualTo(Duration.ofSeconds(6));
        time.advance(Duration.ofSeconds(6));
        assertThat(bucket.tryStart("c", LEASE)).isZero();
    }

    @Test
    void aCreateDockDidNotCountGivesItsTokenBackAtOnce() {
        bucket.tryStart("a", LEASE);
        bucket.tryStart("b", LEASE);
        bucket.uncounted("b");
        assertThat(bucket.tryStart("c", LEASE)).isZero();
    }

    @Test
    void answeredCreatesRefillOneEveryRefillFromTheirArrivals() {
        for (String id : new String[] {"a", "b"}) {
            assertThat(bucket.tryStart(id, LEASE)).isZero();
            bucket.arrived(id);
        }
        assertThat(bucket.tryStart("c", LEASE)).isEqualTo(REFILL);
        time.advance(Duration.ofSeconds(25));
        assertThat(bucket.tryStart("c", LEASE)).as("two refills: two tokens").isZero();
        assertThat(bucket.tryStart("d", LEASE)).isZero();
        assertThat(bucket.tryStart("e", LEASE)).isEqualTo(REFILL);
    }

    @Test
    void aCreateWhoseLeaseEndedCountsAsArrivedThenAndItsLateEndChangesNothing() {
        bucket.tryStart("a", Duration.ofSeconds(30));
        bucket.tryStart("b", LEASE);
        time.advance(Duration.ofSeconds(30));
        assertThat(bucket.tryStart("c", LEASE)).as("a's lease ended now: its token is taken now").isEqualTo(REFILL);

        bucket.arrived("a");
        bucket.uncounted("a");
        time.advance(REFILL);
        assertThat(bucket.tryStart("c", LEASE)).as("one token, a refill after a's lease ended").isZero();
        assertThat(bucket.tryStart("d", LEASE)).isEqualTo(REFILL);
    }

    @Test
    void anEndOfAnUnknownCreateChangesNothing() {
        bucket.arrived("never-started");
        assertThat(bucket.tryStart("a", LEASE)).isZero();
        assertThat(bucket.tryStart("b", LEASE)).isZero();
    }
}
