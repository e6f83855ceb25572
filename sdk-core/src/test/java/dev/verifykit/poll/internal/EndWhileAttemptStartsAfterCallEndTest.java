package dev.verifykit.poll.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.Service;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitStart;
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
 * A wait ended (here: its client's waits cancelled) while its attempt's call is being started, whose call's
 * end is already being told on another thread by the time the attempt returns: the call's cancel comes too
 * late and returns {@code false} (as HttpTransport's AsyncCall and StreamRun's Attempt answer once
 * {@code settled}). The wait's end must still be told after the call's end, as {@link Poller}'s
 * {@code stopInFlight} does for an end that comes once the call was started.
 */
class EndWhileAttemptStartsAfterCallEndTest {
    private final VirtualScheduler time = VirtualScheduler.autoAdvancing(Instant.parse("2026-05-07T00:00:00Z"));
    private final ClientLifecycle lifecycle = new ClientLifecycle(Service.DOCK);
    private final List<String> told = new CopyOnWriteArrayList<>();

    /** A call whose end is being told elsewhere: too late to cancel; it completes once {@link #end} is called. */
    private final class EndingCall extends CompletableFuture<Poller.Step<String>> {
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        void end() {
            told.add("callEnd");
            super.complete(new Poller.Pending<>("pending"));
        }
    }

    @Test
    void theWaitsEndFollowsTheEndOfACallItCameTooLateToCancel() {
        EndingCall call = new EndingCall();
        VerifyKitListener events = new VerifyKitListener() {
            @Override
            public void onWaitEnd(WaitStart wait, WaitEnd end) {
                told.add("waitEnd");
            }
        };
        WaitPlan base = WaitPlan.of(Service.DOCK, time, RetryPolicy.builder().random(new Random(3)).build(), lifecycle,
                WaitOptions.defaults(), Pace.fixed(Duration.ofSeconds(2), Duration.ofSeconds(2)), Duration.ofSeconds(300),
                RequestGate.open());
        WaitPlan plan = new WaitPlan(base.service(), base.scheduler(), base.failureBackoff(), base.gate(), base.pace(),
                base.deadlineNanos(), base.sessionsDeadline(), base.maxRequests(), base.maxConsecutiveFailures(),
                base.listener(), base.rateLimitFinal(), base.lifecycle(), events, "dock.awaitCompletion", 0);

        CompletableFuture<String> wait = Poller.start(plan, turn -> {
            lifecycle.cancelWaits(); // the wait ends while its call is being started
            return call;
        });

        assertThat(wait).isCompletedExceptionally();
        call.end(); // the call's end, being told on another thread when its cancel came, is told now

        assertThat(told).containsExactly("callEnd", "waitEnd");
    }
}
