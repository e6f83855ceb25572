package dev.verifykit.dock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.error.Service;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.http.internal.ClientLifecycle;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.poll.internal.Pace;
import dev.verifykit.poll.internal.Poller;
import dev.verifykit.poll.internal.RequestGate;
import dev.verifykit.poll.internal.WaitPlan;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A read (a retrieve, a wait) asking for its session's turn while another read of the session is in
 * flight, a long-poll the service holds for 25 s: the gate's "ask again in 2 s" (the minimum
 * interval) is only when to ask again, not the turn, which comes the moment the long-poll is
 * answered (it counts as arrived when it was sent). A read with a 1.5-s timeout asking 0.1 s before
 * that answer was given up at once, "its timeout passes before the next request is allowed (in
 * 2000 ms); nothing was sent", where the Javadoc promises a {@code WaitTimeoutException} only "when
 * the options' timeout would pass before the read's turn" (an integrator's page reading a session
 * beside a background {@code awaitCompletionAsync}). Behind its own client's long-poll, and behind
 * another client's sharing a guardrail store (another instance), which the store tells with
 * {@link GuardrailStore.ReadStart#waitBehindReadInFlight}.
 */
class TurnBehindAHeldReadTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final Pace TWO_SECONDS = Pace.fixed(Duration.ofSeconds(2), Duration.ofSeconds(2));
    private static final ReadRules RULES = ReadRules.of(Duration.ofSeconds(2), 60, Duration.ofMinutes(1), Duration.ofMinutes(10));

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private final GuardrailStore shared = GuardrailStore.inMemory(time);

    /** A client's gate for the session, deciding in the store it shares with the others. */
    private RequestGate instance() {
        return new RequestGate(new StoreReadState(shared, "acct", "vsn_1", RULES, time, null));
    }

    @Test
    void aReadBehindItsOwnClientsHeldLongPollAsksAgainWithinItsTimeout() {
        RequestGate gate = new RequestGate(Duration.ofSeconds(2), 60);
        assertThat(readBehindAHeldLongPoll(gate, gate)).as("a read whose turn came 0.1 s after it asked, 1.5 s before"
                + " its timeout").isCompletedWithValue("read");
    }

    @Test
    void aReadBehindAnotherClientsHeldLongPollAsksAgainWithinItsTimeout() {
        assertThat(readBehindAHeldLongPoll(instance(), instance())).as("a read whose turn came 0.1 s after it asked,"
                + " 1.5 s before its timeout").isCompletedWithValue("read");
    }

    /**
     * A re-check landing just before the deadline (a 2.05-s timeout, the re-check at 2 s) sent the read
     * then, with 50 ms left for its whole trip, though the turn had come 1.5 s earlier: behind a read
     * in flight, a re-check leaving less than a read's lead asks at half the time left too.
     */
    @Test
    void aReadWhoseReCheckLandsJustBeforeItsDeadlineAsksSooner() {
        RequestGate gate = new RequestGate(Duration.ofSeconds(2), 60);
        RequestGate.Permit longPoll = ((RequestGate.Admitted) gate.tryAcquire(time.nanoTime(), Long.MAX_VALUE, "long-poll"))
                .permit();
        time.advance(Duration.ofMillis(24_500));
        long asked = time.nanoTime();
        WaitPlan plan = WaitPlan.of(Service.DOCK, time, RetryPolicy.builder().random(new Random(3)).build(),
                new ClientLifecycle(Service.DOCK), WaitOptions.builder().timeout(Duration.ofMillis(2050)).build(),
                TWO_SECONDS, null, gate);
        AtomicLong sentAfter = new AtomicLong(-1);
        CompletableFuture<String> read = Poller.start(plan, turn -> {
            sentAfter.set(time.nanoTime() - asked);
            return CompletableFuture.completedFuture(new Poller.Done<>("read"));
        });

        time.advance(Duration.ofMillis(500));
        longPoll.arrived(time.nanoTime() - Duration.ofSeconds(25).toNanos()); // answered after its 25-s hold
        time.advance(Duration.ofMillis(1540)); // 10 ms before the read's deadline

        assertThat(read).isCompletedWithValue("read");
        assertThat(Duration.ofNanos(sentAfter.get())).as("when the read was sent, after it asked (its timeout 2.05 s)")
                .isLessThanOrEqualTo(Duration.ofMillis(1950));
    }

    /** {@code longPolling} sends a long-poll held 25 s; {@code reading} asks 0.1 s before its answer. */
    private CompletableFuture<String> readBehindAHeldLongPoll(RequestGate longPolling, RequestGate reading) {
        RequestGate.Permit longPoll = ((RequestGate.Admitted) longPolling.tryAcquire(time.nanoTime(), Long.MAX_VALUE,
                "long-poll")).permit();
        time.advance(Duration.ofMillis(24_900));

        WaitPlan plan = WaitPlan.of(Service.DOCK, time, RetryPolicy.builder().random(new Random(3)).build(),
                new ClientLifecycle(Service.DOCK), WaitOptions.builder().timeout(Duration.ofMillis(1500)).build(),
                TWO_SECONDS, null, reading);
        CompletableFuture<String> read = Poller.start(plan,
                turn -> CompletableFuture.completedFuture(new Poller.Done<>("read")));

        time.advance(Duration.ofMillis(100));
        longPoll.arrived(time.nanoTime() - Duration.ofSeconds(25).toNanos()); // answered "pending" after its 25-s hold
        time.advance(Duration.ofMillis(1300)); // 26.3 s: the read's timeout ends at 26.4 s; its turn was free from 25.0 s
        return read;
    }

    @Test
    void theStoreSaysWhetherAWaitIsBehindAReadInFlight() {
        RequestGate.Permit first = ((RequestGate.Admitted) instance().tryAcquire(time.nanoTime(), Long.MAX_VALUE, "a"))
                .permit();
        RequestGate other = instance();
        assertThat(other.tryAcquire(time.nanoTime(), Long.MAX_VALUE, "b"))
                .isEqualTo(new RequestGate.Wait(Duration.ofSeconds(2).toNanos(), true));

        time.advance(Duration.ofMillis(500));
        first.arrived(time.nanoTime());
        assertThat(other.tryAcquire(time.nanoTime(), Long.MAX_VALUE, "b")).as("the interval from its arrival")
                .isEqualTo(new RequestGate.Wait(Duration.ofSeconds(2).toNanos(), false));
    }
}
