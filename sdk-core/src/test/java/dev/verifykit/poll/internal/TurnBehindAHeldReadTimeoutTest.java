package dev.verifykit.poll.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.Service;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.http.internal.ClientLifecycle;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A read (a retrieve, a wait) that asks for its session's turn while another read of the session is
 * in flight is given up at once when its timeout is shorter than the gate's re-check time (the
 * minimum interval, 2 s for Dock): "its timeout passes before the next request is allowed (in
 * 2000 ms); nothing was sent". The 2 s is no turn, only when the gate is asked again: a long-poll in
 * flight that the service held for its whole hold counts as arrived when it was sent, so the session
 * is free the moment it is answered (here 0.1 s later, well within the 1.5-s timeout). The Javadoc
 * promises a {@code WaitTimeoutException} only "when the options' timeout would pass before the
 * read's turn" (DockSessions.retrieve, RobloxVerificationClient.checkVerification). An integrator's
 * page reading a session with a short timeout while a background {@code awaitCompletionAsync}
 * long-polls it fails whenever the page comes in.
 */
class TurnBehindAHeldReadTimeoutTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final Pace TWO_SECONDS = Pace.fixed(Duration.ofSeconds(2), Duration.ofSeconds(2));

    private final VirtualScheduler time = VirtualScheduler.manual(T0);

    @Test
    void aReadBehindAHeldLongPollIsNotGivenUpWhileItsTurnMayComeWithinItsTimeout() {
        RequestGate gate = new RequestGate(Duration.ofSeconds(2), 60);
        // a long-poll of the session, sent at 0 and held by the service for 25 s
        RequestGate.Permit longPoll = ((RequestGate.Admitted) gate.tryAcquire(time.nanoTime(), Long.MAX_VALUE, "long-poll"))
                .permit();
        time.advance(Duration.ofMillis(24_900));

        WaitPlan plan = WaitPlan.of(Service.DOCK, time, RetryPolicy.builder().random(new Random(3)).build(),
                new ClientLifecycle(Service.DOCK), WaitOptions.builder().timeout(Duration.ofMillis(1500)).build(),
                TWO_SECONDS, null, gate);
        CompletableFuture<String> read = Poller.start(plan,
                turn -> CompletableFuture.completedFuture(new Poller.Done<>("read")));

        time.advance(Duration.ofMillis(100));
        longPoll.arrived(time.nanoTime() - Duration.ofSeconds(25).toNanos()); // answered "pending" after its 25-s hold
        time.advance(Duration.ofMillis(1300)); // 26.3 s: the read's timeout ends at 26.4 s; its turn was free from 25.0 s

        assertThat(read).as("a read whose turn came 0.1 s after it asked, 1.5 s before its timeout")
                .isCompletedWithValue("read");
    }
}
