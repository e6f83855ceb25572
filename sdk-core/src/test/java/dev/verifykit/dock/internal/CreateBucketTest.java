package dev.verifykit.dock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CreateBucketTest {
    private static final Duration REFILL = Duration.ofSeconds(10);

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
    private final CreateBucket arrivals = new CreateBucket(time, 2, REFILL);
    private final CreateBucket sends = new CreateBucket(time, 2, REFILL);

    @Test
    void aFullBucketSendsItsBurstAtOnce() {
        assertThat(arrivals.trySend()).isZero();
        assertThat(arrivals.trySend()).isZero();
        assertThat(arrivals.trySend()).as("both tokens held by creates in flight").isEqualTo(REFILL);
    }

    @Test
    void theRefillCountsFromTheAnswerNotFromTheSend() {
        arrivals.trySend();
        arrivals.trySend();
        time.advance(Duration.ofSeconds(10));
        assertThat(arrivals.trySend()).as("no answer yet: either may still arrive").isEqualTo(REFILL);

        arrivals.arrived(); // the first arrived by now at the latest, 10 s after it was sent
        assertThat(arrivals.trySend()).as("its token is Dock's again only a refill after its arrival")
                .isEqualTo(REFILL);
        time.advance(Duration.ofSeconds(4));
        assertThat(arrivals.trySend()).isEqualTo(Duration.ofSeconds(6));
        time.advance(Duration.ofSeconds(6));
        assertThat(arrivals.trySend()).isZero();
    }

    @Test
    void aCreateDockDidNotCountGivesItsTokenBackAtOnce() {
        arrivals.trySend();
        arrivals.trySend();
        arrivals.uncounted();
        assertThat(arrivals.trySend()).isZero();
    }

    @Test
    void answeredCreatesRefillOneEveryRefillFromTheirArrivals() {
        for (int i = 0; i < 2; i++) {
            assertThat(arrivals.trySend()).isZero();
            arrivals.arrived();
        }
        assertThat(arrivals.trySend()).isEqualTo(REFILL);
        time.advance(Duration.ofSeconds(25));
        assertThat(arrivals.trySend()).as("two refills: two tokens").isZero();
        assertThat(arrivals.trySend()).isZero();
        assertThat(arrivals.trySend()).isEqualTo(REFILL);
    }

    @Test
    void keptFromSendTimesATokenRefillsFromTheTake() {
        assertThat(sends.tryTake()).isZero();
        assertThat(sends.tryTake()).isZero();
        assertThat(sends.tryTake()).isEqualTo(REFILL);
        time.advance(Duration.ofSeconds(4));
        assertThat(sends.tryTake()).isEqualTo(Duration.ofSeconds(6));
        sends.giveBack();
        assertThat(sends.tryTake()).as("a token given back").isZero();
        sends.giveBack();
        sends.giveBack();
        sends.giveBack();
        assertThat(sends.tryTake()).isZero();
        assertThat(sends.tryTake()).isZero();
        assertThat(sends.tryTake()).as("never more than the burst").isEqualTo(REFILL);
    }
}
