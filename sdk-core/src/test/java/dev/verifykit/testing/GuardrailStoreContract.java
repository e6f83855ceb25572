package dev.verifykit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link GuardrailStore} does, whatever keeps its state: each implementation's test
 * extends this with a fresh, empty store per test. Time is the store's: {@link #pass} lets at least
 * a duration go by on it. Checks that something has not happened yet use durations of an hour, so
 * that a store timed by a real clock (Redis) never races them; checks that something happened after
 * a while wait for that while first. Shipped in sdk-core's test jar.
 */
public abstract class GuardrailStoreContract {
    private static final Duration HOUR = Duration.ofHours(1);

    /** A fresh store, sharing nothing with the stores of other tests. */
    protected abstract GuardrailStore store();

    /** Lets at least {@code duration} pass on the store's clock. */
    protected abstract void pass(Duration duration) throws InterruptedException;

    @Test
    void oneReadOfASessionIsInFlightAndTheNextWaitsTheIntervalFromItsArrival() {
        GuardrailStore store = store();
        ReadRules rules = ReadRules.of(HOUR, 60, HOUR, HOUR);

        ReadStart first = store.startRead("acct", "vsn_1", rules);
        assertThat(first.kind()).isEqualTo(ReadStart.Kind.STARTED);
        assertThat(first.used()).isEqualTo(1);
        assertThat(first.readId()).isNotEmpty();
        ReadStart inFlight = store.startRead("acct", "vsn_1", rules);
        assertThat(inFlight.kind()).as("the first read is in flight").isEqualTo(ReadStart.Kind.WAIT);
        assertThat(inFlight.retryAfter()).isPositive();

        store.readArrived("acct", "vsn_1", "not-" + first.readId(), Duration.ZERO);
        assertThat(store.startRead("acct", "vsn_1", rules).kind()).as("a report of another read ends nothing")
                .isEqualTo(ReadStart.Kind.WAIT);

        store.readArrived("acct", "vsn_1", first.readId(), Duration.ofHours(10));
        ReadStart next = store.startRead("acct", "vsn_1", rules);
        assertThat(next.kind()).isEqualTo(ReadStart.Kind.WAIT);
        assertThat(next.retryAfter()).as("an hour from the arrival, never placed before the read started")
                .isGreaterThan(Duration.ofMinutes(59)).isLessThanOrEqualTo(HOUR);

        assertThat(store.startRead("acct", "vsn_2", rules).kind()).as("another session").isEqualTo(ReadStart.Kind.STARTED);
        assertThat(store.startRead("other", "vsn_1", rules).kind()).as("another account's session")
                .isEqualTo(ReadStart.Kind.STARTED);
    }

    @Test
    void aReadMayStartOnceTheIntervalFromThePreviousArrivalPassed() throws Exception {
        GuardrailStore store = store();
        ReadRules rules = ReadRules.of(Duration.ofMillis(300), 60, HOUR, HOUR);
        ReadStart first = store.startRead("acct", "vsn_1", rules);
        store.readArrived("acct", "vsn_1", first.readId(), Duration.ZERO);

        pass(Duration.ofMillis(300));

        ReadStart second = store.startRead("acct", "vsn_1", rules);
        assertThat(second.kind()).isEqualTo(ReadStart.Kind.STARTED);
        assertThat(second.used()).isEqualTo(2);
    }

    @Test
    void theReadsOfASessionStopAtTheCap() {
        GuardrailStore store = store();
        ReadRules rules = ReadRules.of(Duration.ZERO, 3, HOUR, HOUR);
        for (int i = 1; i <= 3; i++) {
            ReadStart start = store.startRead("acct", "vsn_1", rules);
            assertThat(start.kind()).isEqualTo(ReadStart.Kind.STARTED);
            assertThat(start.used()).isEqualTo(i);
            store.readArrived("acct", "vsn_1", start.readId(), Duration.ZERO);
        }
        assertThat(store.startRead("acct", "vsn_1", rules).kind()).isEqualTo(ReadStart.Kind.EXHAUSTED);
        assertThat(store.startRead("acct", "vsn_1", rules).kind()).as("and stay stopped").isEqualTo(ReadStart.Kind.EXHAUSTED);
    }

    @Test
    void aReadThatNeverEndsFreesTheSessionWhenItsLeaseRunsOut() throws Exception {
        GuardrailStore store = store();
        ReadRules rules = ReadRules.of(Duration.ZERO, 60, Duration.ofMillis(300), HOUR);
        ReadStart abandoned = store.startRead("acct", "vsn_1", rules);
        assertThat(abandoned.kind()).isEqualTo(ReadStart.Kind.STARTED);

        pass(Duration.ofMillis(300));

        ReadStart next = store.startRead("acct", "vsn_1", rules);
        assertThat(next.kind()).as("the abandoned read counts as arrived when its lease ended")
                .isEqualTo(ReadStart.Kind.STARTED);
        assertThat(next.used()).isEqualTo(2);
        assertThat(next.readId()).isNotEqualTo(abandoned.readId());
    }

    @Test
    void theCreateBucketHoldsItsBurstAndTakesBackUnusedTokens() {
        GuardrailStore store = store();

        assertThat(store.takeCreateToken("acct", 2, HOUR)).isZero();
        assertThat(store.takeCreateToken("acct", 2, HOUR)).isZero();
        Duration empty = store.takeCreateToken("acct", 2, HOUR);
        assertThat(empty).as("empty: a token comes back within the refill").isPositive().isLessThanOrEqualTo(HOUR);
        assertThat(store.takeCreateToken("acct", 2, HOUR)).as("nothing was taken").isPositive();

        store.returnCreateToken("acct", 2, HOUR);
        assertThat(store.takeCreateToken("acct", 2, HOUR)).as("the token given back").isZero();
        store.returnCreateToken("acct", 2, HOUR);
        store.returnCreateToken("acct", 2, HOUR);
        store.returnCreateToken("acct", 2, HOUR);
        assertThat(store.takeCreateToken("acct", 2, HOUR)).isZero();
        assertThat(store.takeCreateToken("acct", 2, HOUR)).isZero();
        assertThat(store.takeCreateToken("acct", 2, HOUR)).as("never more than the burst").isPositive();

        assertThat(store.takeCreateToken("other", 2, HOUR)).as("another account's bucket").isZero();
    }

    @Test
    void theCreateBucketRefillsOneTokenPerRefill() throws Exception {
        GuardrailStore store = store();
        assertThat(store.takeCreateToken("acct", 1, Duration.ofMillis(300))).isZero();

        pass(Duration.ofMillis(300));

        assertThat(store.takeCreateToken("acct", 1, Duration.ofMillis(300))).isZero();
    }

    @Test
    void underContentionEachTokenAndEachReadIsGivenOnce() throws Exception {
        GuardrailStore store = store();
        ReadRules rules = ReadRules.of(HOUR, 60, HOUR, HOUR);
        AtomicInteger tokens = new AtomicInteger();
        ConcurrentHashMap<String, Integer> reads = new ConcurrentHashMap<>();
        Contention.run(8, () -> {
            for (int i = 0; i < 10; i++) {
                if (store.takeCreateToken("acct", 20, HOUR).isZero()) {
                    tokens.incrementAndGet();
                }
                if (store.startRead("acct", "vsn_" + i, rules).kind() == ReadStart.Kind.STARTED) {
                    reads.merge("vsn_" + i, 1, Integer::sum);
                }
            }
            return null;
        });
        assertThat(tokens).as("the burst, out of 80 tries").hasValue(20);
        assertThat(reads).as("one read in flight per session").hasSize(10)
                .allSatisfy((session, started) -> assertThat(started).isEqualTo(1));
    }
}
