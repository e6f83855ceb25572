package dev.verifykit.dock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.ForwardingGuardrailStore;
import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.dock.GuardrailStore.CreateStart;
import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import dev.verifykit.poll.internal.ReadState;
import dev.verifykit.poll.internal.RequestGate;
import dev.verifykit.testing.ForwardingScheduler;
import dev.verifykit.time.Scheduler;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Behaviour of the in-memory guardrail store, its create bucket and the store's read state that the
 * Javadoc promises and that no other test pinned (found by mutation testing): each test here failed
 * against one surviving mutant.
 */
class GuardrailStorePinsTest {
    private static final Duration REFILL = Duration.ofSeconds(10);
    private static final ReadRules RULES = ReadRules.of(Duration.ofSeconds(2), 60, Duration.ofMinutes(10), Duration.ofHours(1));

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));

    /**
     * "Kept in the account's bucket: until then no client ... starts a create": a later refusal
     * ending sooner does not shorten the hold, one ending later extends it.
     */
    @Test
    void aRefusalHoldsCreatesToTheLatestEndOfAnyRefusal() {
        assertThat(retryAfterTwoRefusals(60, 0, 1, 2)).isEqualTo(Duration.ofSeconds(58));
        assertThat(retryAfterTwoRefusals(5, 1, 30, 5)).isEqualTo(Duration.ofSeconds(25));
    }

    /** What a create is told after refusals of {@code first} and {@code second} s, {@code between} s apart, {@code after} s on. */
    private Duration retryAfterTwoRefusals(int first, int between, int second, int after) {
        CreateBucket bucket = new CreateBucket(time, 2, REFILL);
        bucket.refused(Duration.ofSeconds(first));
        time.advance(Duration.ofSeconds(between));
        bucket.refused(Duration.ofSeconds(second));
        time.advance(Duration.ofSeconds(after));

        CreateStart start = bucket.start("a", Duration.ofMinutes(5));
        assertThat(start.kind()).isEqualTo(CreateStart.Kind.REFUSED);
        return start.retryAfter();
    }

    /**
     * "Readings of nanoseconds are compared by their differences (their origin is arbitrary)": on a
     * clock reading below zero, a bucket never refused starts its creates, and a refusal holds them.
     */
    @Test
    void aRefusalHoldsCreatesOnAClockReadingBelowZero() {
        CreateBucket bucket = new CreateBucket(belowZero(time), 2, REFILL);
        assertThat(bucket.start("a", Duration.ofMinutes(5)).kind()).isEqualTo(CreateStart.Kind.STARTED);

        bucket.refused(Duration.ofSeconds(5));
        time.advance(Duration.ofSeconds(1));

        CreateStart start = bucket.start("b", Duration.ofMinutes(5));
        assertThat(start.kind()).isEqualTo(CreateStart.Kind.REFUSED);
        assertThat(start.retryAfter()).isEqualTo(Duration.ofSeconds(4));
    }

    /** A refusal holds creates for its time, and no longer. */
    @Test
    void createsStartAgainWhenTheRefusalEnds() {
        CreateBucket bucket = new CreateBucket(time, 2, REFILL);
        time.advance(Duration.ofSeconds(100));
        bucket.refused(Duration.ofSeconds(5));
        time.advance(Duration.ofSeconds(5));

        assertThat(bucket.start("a", Duration.ofMinutes(5)).kind()).isEqualTo(CreateStart.Kind.STARTED);
    }

    /** "A create still in flight when its lease ends counts as arrived then", each at its own end, the earliest first (refills exact). */
    @Test
    void leasesEndedTogetherCountInTheOrderTheyEnded() {
        CreateBucket bucket = new CreateBucket(time, 2, REFILL);
        Duration lease = Duration.ofSeconds(60);
        assertThat(bucket.tryStart("b", lease)).isZero(); // its lease ends at 60 s
        time.advance(Duration.ofSeconds(5));
        assertThat(bucket.tryStart("a", lease)).isZero(); // at 65 s ("a" is iterated first in the map)
        time.advance(Duration.ofSeconds(65));

        // arrivals at 60 s and 65 s into a full bucket of 2 (a token every 10 s) leave one token at 70 s
        assertThat(bucket.tryStart("c", lease)).isZero();
    }

    /** A create's lease counts from its send: uncounted before it ends, it gives its token back. */
    @Test
    void aLeaseCountsFromTheSend() {
        CreateBucket bucket = new CreateBucket(time, 1, REFILL);
        time.advance(Duration.ofSeconds(100));
        assertThat(bucket.tryStart("a", Duration.ofSeconds(95))).isZero(); // in flight until 195 s
        time.advance(Duration.ofSeconds(1));
        bucket.uncounted("a");

        assertThat(bucket.tryStart("b", Duration.ofSeconds(95))).isZero();
    }

    /** Two sessions of one account whose keys' hashes collide ("Aa", "BB") keep their own read states. */
    @Test
    void sessionsWithCollidingHashesKeepTheirOwnStates() {
        GuardrailStore store = GuardrailStore.inMemory(time);
        assertThat(store.startRead("acct", "Aa", RULES).kind()).isEqualTo(ReadStart.Kind.STARTED);
        assertThat(store.startRead("acct", "BB", RULES).kind()).isEqualTo(ReadStart.Kind.STARTED);
    }

    /** "A session's state is forgotten ReadRules#keep() after its last read", and not before. */
    @Test
    void aSessionsStateIsForgottenAfterItsKeep() {
        InMemoryGuardrailStore store = new InMemoryGuardrailStore(time);
        store.startRead("acct", "old", RULES);
        store.startRead("acct", "recent", RULES);
        time.advance(Duration.ofMinutes(30));
        store.startRead("acct", "recent", RULES);
        time.advance(Duration.ofMinutes(31));

        for (int i = 0; i < 300; i++) {
            store.startRead("acct", "new-" + i, RULES);
        }

        assertThat(store.size()).isEqualTo(301); // "old" forgotten, "recent" (31 minutes) kept
    }

    /** "Does nothing when readId is no longer the read in flight": nor for a session the store forgot, or never had. */
    @Test
    void anArrivalReportedForASessionTheStoreDoesNotKeepDoesNothing() {
        InMemoryGuardrailStore store = new InMemoryGuardrailStore(time);
        store.readArrived("acct", "forgotten", "read-1", Duration.ZERO);

        assertThat(store.startRead("acct", "forgotten", RULES).kind()).isEqualTo(ReadStart.Kind.STARTED);
    }

    /** A read through the store must leave by a minute (at most half the lease) before the store's lease on it ends. */
    @Test
    void aStoreReadsPermitHasASendBy() {
        RequestGate gate = gateThroughAStore();
        long now = time.nanoTime();

        RequestGate.Admitted admitted = (RequestGate.Admitted) gate.tryAcquire(now, Long.MAX_VALUE, "reader");

        assertThat(admitted.permit().sendBy()).isEqualTo(now + Duration.ofMinutes(9).toNanos());
    }

    /** A read's arrival reaches the store (a store that never waits, no lifecycle): the next read is spaced from it. */
    @Test
    void aStoreReadsArrivalReachesTheStore() {
        RequestGate gate = gateThroughAStore();
        long t0 = time.nanoTime();
        RequestGate.Admitted admitted = (RequestGate.Admitted) gate.tryAcquire(t0, Long.MAX_VALUE, "reader");
        time.advance(Duration.ofSeconds(1));
        admitted.permit().arrived(time.nanoTime());
        time.advance(Duration.ofSeconds(1));

        assertThat(gate.tryAcquire(time.nanoTime(), Long.MAX_VALUE, "reader"))
                .isEqualTo(new RequestGate.Wait(Duration.ofSeconds(1).toNanos()));
    }

    /**
     * GuardrailStore.startRead and readArrived are given "what is left of the deadline of the call or
     * wait the read is for" ({@code NO_DEADLINE} when there is none), so that a store backed by a
     * service is not waited for past it.
     */
    @Test
    void aStoreIsGivenTheTimeLeftBeforeTheDeadline() {
        Recording store = new Recording();
        StoreReadState state = new StoreReadState(store, "acct", "s", RULES, time, null);
        long t0 = time.nanoTime();
        time.advance(Duration.ofSeconds(3));

        ReadState.Started started = (ReadState.Started) state.tryStart(time.nanoTime(), t0 + Duration.ofSeconds(10).toNanos());
        assertThat(store.timeLeft).isEqualTo(Duration.ofSeconds(7));
        time.advance(Duration.ofSeconds(1));
        state.arrived(started.token(), t0 + Duration.ofSeconds(3).toNanos(), time.nanoTime(), t0 + Duration.ofSeconds(10).toNanos());
        assertThat(store.timeLeft).isEqualTo(Duration.ofSeconds(6));

        time.advance(Duration.ofSeconds(2));
        state.tryStart(time.nanoTime(), Long.MAX_VALUE);
        assertThat(store.timeLeft).isEqualTo(GuardrailStore.NO_DEADLINE);
    }

    /**
     * GuardrailStore.readArrived: the next read may start a minimum interval after the arrival,
     * "never counting from before the read started": a latest arrival the gate gives before the
     * read's start (a long-poll answered after a hold longer than it was out) is told from the start.
     */
    @Test
    void anArrivalToldAsBeforeTheReadsStartIsCountedFromItsStart() {
        Recording store = new Recording();
        StoreReadState state = new StoreReadState(store, "acct", "s", RULES, time, null);
        long t0 = time.nanoTime();
        time.advance(Duration.ofSeconds(5));
        ReadState.Started started = (ReadState.Started) state.tryStart(time.nanoTime(), Long.MAX_VALUE);
        time.advance(Duration.ofSeconds(1));

        state.arrived(started.token(), t0 + Duration.ofSeconds(5).toNanos(), t0 + Duration.ofSeconds(2).toNanos(), Long.MAX_VALUE);

        assertThat(store.ago).as("from the read's start at 5 s, not the 2 s before it").isEqualTo(Duration.ofSeconds(1));
    }

    /** An in-memory store that records the time left and the arrival the client tells it. */
    private final class Recording extends ForwardingGuardrailStore {
        volatile Duration timeLeft;
        volatile Duration ago;

        Recording() {
            super(GuardrailStore.inMemory(time));
        }

        @Override
        public ReadStart startRead(String account, String sessionId, ReadRules rules, Duration left) {
            timeLeft = left;
            return startRead(account, sessionId, rules);
        }

        @Override
        public void readArrived(String account, String sessionId, String readId, Duration arrivedAgo, Duration left) {
            timeLeft = left;
            ago = arrivedAgo;
            readArrived(account, sessionId, readId, arrivedAgo);
        }
    }

    /** {@code time}, its nanoTime read far below zero (an origin as arbitrary as {@code System.nanoTime}'s). */
    private static Scheduler belowZero(VirtualScheduler time) {
        return new ForwardingScheduler(time) {
            @Override
            public long nanoTime() {
                return Long.MIN_VALUE / 2 + super.nanoTime();
            }
        };
    }

    /** A session's gate over an in-memory store (one that never waits), with no client lifecycle. */
    private RequestGate gateThroughAStore() {
        return new RequestGate(new StoreReadState(GuardrailStore.inMemory(time), "acct", "s", RULES, time, null));
    }
}
