package dev.verifykit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.dock.GuardrailStore.CreateRules;
import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link GuardrailStore} does, whatever keeps its state: each implementation's test
 * extends this with a fresh, empty store per test. Time is the store's: {@link #pass} lets at least
 * a duration go by on it. Checks that something has not happened yet use durations of an hour, so
 * that a store timed by a real clock (Redis) never races them; checks that something happened after
 * a while wait for that while first. Where a check needs a short while not to have passed yet, it
 * allows for the time the machine took (a loaded one may pause for longer than that while): see
 * {@link #atMostPassedSince}. Shipped in sdk-core's test jar.
 */
public abstract class GuardrailStoreContract {
    private static final Duration HOUR = Duration.ofHours(1);
    /** The store's clock against this JVM's, and its rounding: Redis's {@code TIME} is the wall clock. */
    private static final Duration CLOCK_SLACK = Duration.ofMillis(10);

    /** A fresh store, sharing nothing with the stores of other tests. */
    protected abstract GuardrailStore store();

    /** Lets at least {@code duration} pass on the store's clock. */
    protected abstract void pass(Duration duration) throws InterruptedException;

    /**
     * Whether the store tells a wait behind a read in flight from a wait for the interval
     * ({@code ReadStart.waitBehindReadInFlight}), which the contract then checks; a store answering
     * {@code waitFor} for both is right too, its reads behind another instance's read then giving up
     * sooner. The in-memory and Redis stores tell it.
     */
    protected boolean tellsAWaitBehindAReadInFlight() {
        return false;
    }

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
        if (tellsAWaitBehindAReadInFlight()) {
            assertThat(inFlight.behindReadInFlight()).as("a re-check time, not the turn").isTrue();
        }

        store.readArrived("acct", "vsn_1", "not-" + first.readId(), Duration.ZERO);
        assertThat(store.startRead("acct", "vsn_1", rules).kind()).as("a report of another read ends nothing")
                .isEqualTo(ReadStart.Kind.WAIT);

        store.readArrived("acct", "vsn_1", first.readId(), Duration.ofHours(10));
        ReadStart next = store.startRead("acct", "vsn_1", rules);
        assertThat(next.kind()).isEqualTo(ReadStart.Kind.WAIT);
        assertThat(next.retryAfter()).as("an hour from the arrival, never placed before the read started")
                .isGreaterThan(Duration.ofMinutes(59)).isLessThanOrEqualTo(HOUR);
        assertThat(next.behindReadInFlight()).as("the interval, with no read in flight").isFalse();

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
    void theCreateBucketHoldsItsBurstAndFreesTheTokensOfUncountedCreates() {
        GuardrailStore store = store();
        CreateRules rules = CreateRules.of(2, HOUR, HOUR);

        assertThat(store.startCreate("acct", "c1", rules)).isZero();
        assertThat(store.startCreate("acct", "c2", rules)).isZero();
        Duration empty = store.startCreate("acct", "c3", rules);
        assertThat(empty).as("both tokens held: asking again is worth it within a refill").isPositive()
                .isLessThanOrEqualTo(HOUR.multipliedBy(2));
        assertThat(store.startCreate("acct", "c3", rules)).as("nothing was held").isPositive();

        store.createUncounted("acct", "c2", rules);
        assertThat(store.startCreate("acct", "c3", rules)).as("the token of a create Dock did not count").isZero();
        store.createUncounted("acct", "c1", rules);
        store.createUncounted("acct", "c3", rules);
        store.createUncounted("acct", "c3", rules);
        store.createUncounted("acct", "never-started", rules);
        assertThat(store.startCreate("acct", "c4", rules)).isZero();
        assertThat(store.startCreate("acct", "c5", rules)).isZero();
        assertThat(store.startCreate("acct", "c6", rules)).as("never more than the burst").isPositive();

        assertThat(store.startCreate("other", "c1", rules)).as("another account's bucket").isZero();
    }

    /**
     * One bucket per account, as Dock keeps one per API key, whatever the rules of the clients
     * sharing the store (a rolling change of settings): each store kept one per rules, so clients
     * on a burst of 6 and of 3 took 9 tokens at once.
     */
    @Test
    void clientsWithOtherRulesShareTheAccountsBucket() {
        GuardrailStore store = store();
        int started = 0;
        for (int i = 0; i < 6; i++) {
            started += store.startCreate("acct", "six-" + i, CreateRules.of(6, HOUR, HOUR)).isZero() ? 1 : 0;
            started += store.startCreate("acct", "three-" + i, CreateRules.of(3, HOUR, HOUR)).isZero() ? 1 : 0;
        }
        assertThat(started).as("creates started at once for one account (the larger burst: 6)").isLessThanOrEqualTo(6)
                .isPositive();
    }

    @Test
    void anArrivedCreateTakesItsTokenAndTheBucketRefillsOnePerRefill() throws Exception {
        GuardrailStore store = store();
        CreateRules hourly = CreateRules.of(1, HOUR, HOUR);
        assertThat(store.startCreate("hourly", "c1", hourly)).isZero();
        long arrival = System.nanoTime();
        store.createArrived("hourly", "c1", hourly);
        store.createArrived("hourly", "c1", hourly);
        assertThat(store.startCreate("hourly", "c2", hourly)).as("taken at the arrival: a refill from it")
                .isBetween(HOUR.minus(atMostPassedSince(arrival)), HOUR);

        // a short refill, apart: asked only once it has passed (a check before it could take the token)
        CreateRules rules = CreateRules.of(1, Duration.ofMillis(300), HOUR);
        assertThat(store.startCreate("acct", "c1", rules)).isZero();
        store.createArrived("acct", "c1", rules);

        pass(Duration.ofMillis(300));

        assertThat(store.startCreate("acct", "c2", rules)).as("one refill after the arrival").isZero();
    }

    @Test
    void aCreateInFlightHoldsItsTokenUntilItsAnswerHoweverLongItTakes() throws Exception {
        GuardrailStore store = store();
        CreateRules rules = CreateRules.of(1, Duration.ofMillis(300), HOUR);
        assertThat(store.startCreate("acct", "c1", rules)).isZero();

        pass(Duration.ofMillis(600));

        assertThat(store.startCreate("acct", "c2", rules)).as("c1 may still arrive: its token is held")
                .isPositive();
        long arrival = System.nanoTime();
        store.createArrived("acct", "c1", rules);
        assertThat(store.startCreate("acct", "c2", rules)).as("c1 arrived now at the latest: a refill from now")
                .isBetween(rules.refill().minus(atMostPassedSince(arrival)), rules.refill());
    }

    @Test
    void aCreateThatNeverEndsCountsAsArrivedWhenItsLeaseRunsOut() throws Exception {
        GuardrailStore store = store();
        CreateRules rules = CreateRules.of(1, Duration.ofMillis(300), Duration.ofMillis(300));
        assertThat(store.startCreate("acct", "abandoned", rules)).isZero();

        pass(Duration.ofMillis(600));

        long started = System.nanoTime();
        assertThat(store.startCreate("acct", "c2", rules)).as("counted when its lease ended, a refill ago")
                .isZero();
        store.createUncounted("acct", "abandoned", rules);
        Duration c3 = store.startCreate("acct", "c3", rules);
        if (atMostPassedSince(started).compareTo(rules.lease()) < 0) { // else c2's lease may have ended
            assertThat(c3).as("its late end frees nothing: c2 holds the token").isPositive();
        }
    }

    @Test
    void aLateEndOfACreateWhoseLeaseRanOutFreesNothing() throws Exception {
        GuardrailStore store = store();
        CreateRules rules = CreateRules.of(1, HOUR, Duration.ofMillis(300));
        assertThat(store.startCreate("acct", "late", rules)).isZero();

        pass(Duration.ofMillis(600));
        store.createUncounted("acct", "late", rules);

        assertThat(store.startCreate("acct", "c2", rules)).as("counted when its lease ended: an hour's refill")
                .isGreaterThan(Duration.ofMinutes(59));
    }

    @Test
    void underContentionEachTokenAndEachReadIsGivenOnce() throws Exception {
        GuardrailStore store = store();
        ReadRules rules = ReadRules.of(HOUR, 60, HOUR, HOUR);
        AtomicInteger tokens = new AtomicInteger();
        ConcurrentHashMap<String, Integer> reads = new ConcurrentHashMap<>();
        Contention.run(8, () -> {
            for (int i = 0; i < 10; i++) {
                if (store.startCreate("acct", UUID.randomUUID().toString(), CreateRules.of(20, HOUR, HOUR)).isZero()) {
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

    /**
     * The most the store's clock can have counted since {@code mark} (a {@link System#nanoTime()}):
     * the time this machine took, a little more for the clocks' difference. A check that a short
     * while has not passed yet expects no more of the store than that, however long a loaded machine
     * paused.
     */
    private static Duration atMostPassedSince(long mark) {
        return Duration.ofNanos(System.nanoTime() - mark).plus(CLOCK_SLACK);
    }
}
