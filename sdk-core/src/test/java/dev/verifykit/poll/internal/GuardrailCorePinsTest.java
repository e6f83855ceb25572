package dev.verifykit.poll.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.Service;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.http.internal.ClientLifecycle;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Behaviour of the guardrail core that its Javadoc promises and that no other test pinned (found by
 * mutation testing): each test here failed against one surviving mutant.
 */
class GuardrailCorePinsTest {
    private static final long SECOND = 1_000_000_000L;

    /** RequestGate: "requests that had to wait take their turns in the order they first asked" (a wait for the interval too). */
    @Test
    void aReadToldToWaitForTheIntervalKeepsItsPlace() {
        RequestGate gate = new RequestGate(Duration.ofSeconds(2), 60);
        Object first = "first";
        Object second = "second";
        RequestGate.Admitted admitted = (RequestGate.Admitted) gate.tryAcquire(0, Long.MAX_VALUE, "reader");
        admitted.permit().arrived(0);

        assertThat(gate.tryAcquire(SECOND / 2, Long.MAX_VALUE, first)).isInstanceOf(RequestGate.Wait.class);
        assertThat(gate.tryAcquire(SECOND, Long.MAX_VALUE, second)).isInstanceOf(RequestGate.Wait.class);

        // at 2 s the one that asked first has the turn, whoever asks first then
        assertThat(gate.tryAcquire(2 * SECOND, Long.MAX_VALUE, second)).isInstanceOf(RequestGate.Wait.class);
        assertThat(gate.tryAcquire(2 * SECOND, Long.MAX_VALUE, first)).isInstanceOf(RequestGate.Admitted.class);
    }

    /** RequestGate: the turn order holds with no interval too (a waiter is forgotten only long after it last asked). */
    @Test
    void anOpenGateKeepsTheOrderOfItsWaiters() {
        RequestGate gate = RequestGate.open();
        RequestGate.Admitted admitted = (RequestGate.Admitted) gate.tryAcquire(0, Long.MAX_VALUE, "reader");
        assertThat(gate.tryAcquire(1, Long.MAX_VALUE, "first")).isInstanceOf(RequestGate.Wait.class);
        admitted.permit().arrived(2);

        assertThat(gate.tryAcquire(3, Long.MAX_VALUE, "second")).isInstanceOf(RequestGate.Wait.class);
        assertThat(gate.tryAcquire(4, Long.MAX_VALUE, "first")).isInstanceOf(RequestGate.Admitted.class);
    }

    /** RequestGate: "A waiter that stops asking ... loses [its place] after a while." */
    @Test
    void aWaiterThatStopsAskingLosesItsPlace() {
        RequestGate gate = new RequestGate(Duration.ofSeconds(2), 60);
        RequestGate.Admitted admitted = (RequestGate.Admitted) gate.tryAcquire(0, Long.MAX_VALUE, "reader");
        assertThat(gate.tryAcquire(1, Long.MAX_VALUE, "gone")).isInstanceOf(RequestGate.Wait.class);
        admitted.permit().arrived(SECOND);

        assertThat(gate.tryAcquire(60 * SECOND, Long.MAX_VALUE, "later")).isInstanceOf(RequestGate.Admitted.class);
    }

    /** LocalReadState: readings of nanoseconds "are compared by their difference (their origin is arbitrary)", negative ones too. */
    @Test
    void negativeNanoReadingsSpaceReadsFromTheirArrival() {
        LocalReadState state = new LocalReadState(Duration.ofSeconds(2), 60, null);
        long t0 = -100 * SECOND;
        ReadState.Started started = (ReadState.Started) state.tryStart(t0, Long.MAX_VALUE);
        state.arrived(started.token(), t0, t0 + SECOND, Long.MAX_VALUE);

        assertThat(state.tryStart(t0 + 2 * SECOND, Long.MAX_VALUE)).isEqualTo(new ReadState.Later(SECOND));
        assertThat(state.tryStart(t0 + 3 * SECOND, Long.MAX_VALUE)).isInstanceOf(ReadState.Started.class);
    }

    /** LocalReadState: "at most cap of them", asked directly (as the in-memory store does). */
    @Test
    void aLocalStateStartsAtMostItsCap() {
        LocalReadState state = new LocalReadState(Duration.ofSeconds(2), 2, null);
        for (int i = 0; i < 2; i++) {
            ReadState.Started started = (ReadState.Started) state.tryStart(i * 10 * SECOND, Long.MAX_VALUE);
            state.arrived(started.token(), i * 10 * SECOND, i * 10 * SECOND, Long.MAX_VALUE);
        }

        assertThat(state.tryStart(100 * SECOND, Long.MAX_VALUE)).isInstanceOf(ReadState.Exhausted.class);
        assertThat(state.used()).isEqualTo(2);
    }

    /**
     * LocalReadState: "one request in flight at a time (until it arrives, or its lease runs out), each
     * admitted at least the minimum interval after the previous one's latest possible arrival": a read
     * never reported stays in flight for its whole lease, and the next one waits the interval after
     * the lease's end.
     */
    @Test
    void aReadNeverReportedHoldsItsLeaseThenCountsAsArrivedAtItsEnd() {
        LocalReadState state = new LocalReadState(Duration.ofSeconds(2), 60, Duration.ofSeconds(30));
        assertThat(state.tryStart(10 * SECOND, Long.MAX_VALUE)).isInstanceOf(ReadState.Started.class);

        assertThat(state.tryStart(35 * SECOND, Long.MAX_VALUE)).isInstanceOfSatisfying(ReadState.Later.class,
                later -> assertThat(later.behindRequestInFlight()).as("in flight until 40 s").isTrue());
        assertThat(state.tryStart(41 * SECOND, Long.MAX_VALUE)).as("arrived at 40 s at the latest")
                .isEqualTo(new ReadState.Later(SECOND));
        assertThat(state.tryStart(42 * SECOND, Long.MAX_VALUE)).isInstanceOf(ReadState.Started.class);
        assertThat(state.used()).isEqualTo(2);
    }

    /** SessionGates: "A gate is forgotten once the service itself would have forgotten the session", not before. */
    @Test
    void aSessionsGateIsForgottenAfterItsKeep() {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        SessionGates gates = new SessionGates(time, Duration.ofSeconds(2), 60, Duration.ofHours(1));
        RequestGate old = gates.of("old");
        RequestGate recent = gates.of("recent");
        time.advance(Duration.ofMinutes(30));
        gates.of("recent");
        time.advance(Duration.ofMinutes(31));

        for (int i = 0; i < 300; i++) {
            gates.of("new-" + i);
        }

        assertThat(gates.size()).isEqualTo(301); // "old" swept; "recent", used 31 minutes ago, kept
        assertThat(gates.of("recent")).isSameAs(recent);
        assertThat(gates.of("old")).isNotSameAs(old);
    }

    /** WaitPlan: a caller's pollInterval "must be at least" the service's floor: the floor itself is accepted. */
    @Test
    void aPollIntervalAtTheFloorIsAccepted() {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        Pace pace = Pace.fixed(Duration.ofSeconds(2), Duration.ofSeconds(3));

        WaitPlan plan = WaitPlan.of(Service.DOCK, time, RetryPolicy.defaults(), new ClientLifecycle(Service.DOCK),
                WaitOptions.builder().pollInterval(Duration.ofSeconds(2)).build(), pace, null, RequestGate.open());

        assertThat(plan.pace().interval()).isEqualTo(Duration.ofSeconds(2));
    }

    /** RequestGate: a state's "wait 0" is a re-check later (10 ms), never at once. */
    @Test
    void aStatesWaitOfZeroIsARecheckLater() {
        ReadState zero = answering((now, deadline) -> new ReadState.Later(0), null);

        assertThat(new RequestGate(zero).tryAcquire(0, Long.MAX_VALUE, "reader")).isEqualTo(new RequestGate.Wait(10_000_000L));
    }

    /** RequestGate.sendBy: "a minute (at most half the lease) before the lease ends"; never the "any time" sentinel for a real lease. */
    @Test
    void sendByLeavesAMinuteOrHalfTheLease() {
        assertThat(RequestGate.sendBy(0, Duration.ofSeconds(60))).isEqualTo(30 * SECOND);
        assertThat(RequestGate.sendBy(0, Duration.ofMinutes(10))).isEqualTo(9 * 60 * SECOND);
        assertThat(RequestGate.sendBy(5, null)).isEqualTo(Long.MAX_VALUE);
        long askedAtTheSentinel = Long.MAX_VALUE - Duration.ofMinutes(9).toNanos();
        assertThat(RequestGate.sendBy(askedAtTheSentinel, Duration.ofMinutes(10))).isEqualTo(Long.MAX_VALUE - 1);
    }

    /** A permit of a leased local state must leave before its lease ends; a state with no lease has none. */
    @Test
    void aLeasedLocalStatesPermitHasASendBy() {
        LocalReadState leased = new LocalReadState(Duration.ofSeconds(2), 60, Duration.ofMinutes(10));
        assertThat(leased.lease()).isEqualTo(Duration.ofMinutes(10));
        assertThat(new LocalReadState(Duration.ofSeconds(2), 60, null).lease()).isNull();

        RequestGate.Admitted admitted = (RequestGate.Admitted) new RequestGate(leased).tryAcquire(SECOND, Long.MAX_VALUE, "r");
        assertThat(admitted.permit().sendBy()).isEqualTo(SECOND + 9 * 60 * SECOND);
    }

    /** RequestGate.tryAcquire: when the state cannot be asked, "the asker keeps its place". */
    @Test
    void anAskerWhoseAskFailedKeepsItsPlace() {
        LocalReadState inner = new LocalReadState(Duration.ofSeconds(2), 60, null);
        boolean[] failNext = {true};
        ReadState failingOnce = answering((now, deadline) -> {
            if (failNext[0]) {
                failNext[0] = false;
                throw new IllegalStateException("store down");
            }
            return inner.tryStart(now, deadline);
        }, inner);
        RequestGate gate = new RequestGate(failingOnce);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> gate.tryAcquire(0, Long.MAX_VALUE, "first"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(gate.tryAcquire(1, Long.MAX_VALUE, "second")).isInstanceOf(RequestGate.Wait.class);
        assertThat(gate.tryAcquire(2, Long.MAX_VALUE, "first")).isInstanceOf(RequestGate.Admitted.class);
    }

    /** RequestGate: a shared state's "exhausted" is the gate's for good. */
    @Test
    void aStatesExhaustionIsTheGates() {
        int[] asked = {0};
        ReadState exhausted = answering((now, deadline) -> {
            asked[0]++;
            return new ReadState.Exhausted();
        }, null);
        RequestGate gate = new RequestGate(exhausted, Runnable::run);

        assertThat(gate.tryAcquire(0, Long.MAX_VALUE, "r")).isInstanceOf(RequestGate.Exhausted.class);
        assertThat(gate.tryAcquire(10 * SECOND, Long.MAX_VALUE, "r")).isInstanceOf(RequestGate.Exhausted.class);
        assertThat(asked[0]).isEqualTo(1);
        assertThat(gate.askFrom()).isNotNull();
    }

    /** WaitPlan.forCall: a call ends at the latest its timeout from now, the session's deadline staying when sooner. */
    @Test
    void aCallsTimeoutBoundsItsPlan() {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        time.advance(Duration.ofSeconds(100));
        long now = time.nanoTime();
        WaitPlan sessions = WaitPlan.of(Service.DOCK, time, RetryPolicy.defaults(), new ClientLifecycle(Service.DOCK),
                WaitOptions.defaults(), Pace.fixed(Duration.ofSeconds(2), Duration.ofSeconds(2)), Duration.ofMinutes(10),
                RequestGate.open());
        assertThat(sessions.sessionsDeadline()).isTrue();

        WaitPlan shortCall = sessions.forCall(java.util.Optional.of(Duration.ofSeconds(5)), 3, "dock.retrieve");
        assertThat(shortCall.deadlineNanos()).isEqualTo(now + 5 * SECOND);
        assertThat(shortCall.sessionsDeadline()).isFalse();
        assertThat(shortCall.maxConsecutiveFailures()).isEqualTo(3);
        assertThat(shortCall.operation()).isEqualTo("dock.retrieve");

        WaitPlan longCall = sessions.forCall(java.util.Optional.of(Duration.ofHours(1)), 3, "dock.retrieve");
        assertThat(longCall.deadlineNanos()).isEqualTo(now + 600 * SECOND);
        assertThat(longCall.sessionsDeadline()).isTrue();

        WaitPlan untimed = sessions.forCall(java.util.Optional.empty(), 3, "dock.retrieve");
        assertThat(untimed.deadlineNanos()).isEqualTo(now + 600 * SECOND);
        assertThat(untimed.sessionsDeadline()).isTrue();

        WaitPlan unbounded = WaitPlan.of(Service.DOCK, time, RetryPolicy.defaults(), new ClientLifecycle(Service.DOCK),
                WaitOptions.defaults(), Pace.fixed(Duration.ofSeconds(2), Duration.ofSeconds(2)), null, RequestGate.open())
                .forCall(java.util.Optional.of(Duration.ofSeconds(5)), 3, "dock.retrieve");
        assertThat(unbounded.deadlineNanos()).isEqualTo(now + 5 * SECOND);
        assertThat(unbounded.sessionsDeadline()).isFalse();
    }

    /** How a state answers {@code tryStart}. */
    private interface Starts {
        ReadState.Start start(long nowNanos, long deadlineNanos);
    }

    /** A state of 60 reads 2 s apart answering {@code tryStart} as {@code starts} says, telling arrivals to {@code inner} (when not null). */
    private static ReadState answering(Starts starts, LocalReadState inner) {
        return new ReadState() {
            @Override
            public Start tryStart(long nowNanos, long deadlineNanos) {
                return starts.start(nowNanos, deadlineNanos);
            }

            @Override
            public void arrived(String token, long startedNanos, long latestNanos, long deadlineNanos) {
                if (inner != null) {
                    inner.arrived(token, startedNanos, latestNanos, deadlineNanos);
                }
            }

            @Override
            public int cap() {
                return 60;
            }

            @Override
            public Duration minInterval() {
                return Duration.ofSeconds(2);
            }
        };
    }
}
