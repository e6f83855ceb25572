package dev.verifykit.poll.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.Service;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.http.internal.ClientLifecycle;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A wait's end leaves its session's gate ({@code whenComplete(... gate.leave(this))}), but a wait
 * ended while its own ask of the gate is under way (its state, a store of the caller's, deciding)
 * is queued by that ask after it left: a dead asker at the head of the gate's queue, ahead of every
 * wait that comes after it. They are then told to wait (re-checking every interval) although no read
 * is in flight and the interval has passed, until the gate forgets the dead one as stale (four
 * intervals and a second later: 9 s with Dock's 2 s). Here the state holds the ask while the wait is
 * cancelled; the next wait's first read, due at 3 s, is made at 13 s.
 */
class CancelledWhileAskingLeavesTheGateTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final Pace TWO_SECONDS = Pace.fixed(Duration.ofSeconds(2), Duration.ofSeconds(2));

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private final ClientLifecycle lifecycle = new ClientLifecycle(Service.DOCK);

    /** A session's state whose next ask, once armed, is held until released (a slow store). */
    private static final class HeldState implements ReadState {
        final LocalReadState inner = new LocalReadState(Duration.ofSeconds(2), 60, null);
        final CountDownLatch asking = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean armed;

        @Override
        public Start tryStart(long nowNanos, long deadlineNanos) {
            if (armed) {
                armed = false;
                asking.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return inner.tryStart(nowNanos, deadlineNanos);
        }

        @Override
        public void arrived(String token, long startedNanos, long latestNanos, long deadlineNanos) {
            inner.arrived(token, startedNanos, latestNanos, deadlineNanos);
        }

        @Override
        public int cap() {
            return inner.cap();
        }

        @Override
        public Duration minInterval() {
            return inner.minInterval();
        }
    }

    private WaitPlan plan(RequestGate gate) {
        return WaitPlan.of(Service.DOCK, time, RetryPolicy.builder().build(), lifecycle, WaitOptions.defaults(),
                TWO_SECONDS, Duration.ofSeconds(300), gate);
    }

    @Test
    void aWaitEndedDuringItsAskDoesNotHoldTheGateFromTheNextOne() throws Exception {
        HeldState state = new HeldState();
        RequestGate gate = new RequestGate(state);
        // a read of the session starts at 0 s
        RequestGate.Admission first = gate.tryAcquire(time.nanoTime(), Long.MAX_VALUE, new Object());
        assertThat(first).isInstanceOf(RequestGate.Admitted.class);
        // a wait asks the gate at 0 s: behind the read in flight, it is to ask again at 2 s
        CompletableFuture<String> cancelled = Poller.start(plan(gate),
                turn -> CompletableFuture.completedFuture(new Poller.Pending<>("pending")));
        // the read is answered at 1 s: the next may start at 3 s
        time.advance(Duration.ofSeconds(1));
        ((RequestGate.Admitted) first).permit().arrived(time.nanoTime());

        // at 2 s the wait asks again; its state (a store of the caller's) takes its time to answer
        state.armed = true;
        CompletableFuture<Void> advanced = CompletableFuture.runAsync(() -> time.advance(Duration.ofSeconds(1)));
        assertThat(state.asking.await(30, TimeUnit.SECONDS)).isTrue();
        // its caller gives up on it meanwhile (a cancel, a timeout of its own): the wait ends, and leaves the gate
        cancelled.cancel(true);
        // the store answers "not before 3 s", and the ended wait's ask goes on
        state.release.countDown();
        advanced.get(30, TimeUnit.SECONDS);
        assertThat(cancelled).isCancelled();

        // at 3 s another wait of the session starts: nothing is in flight, the interval has passed
        time.advance(Duration.ofSeconds(1));
        List<Double> reads = new CopyOnWriteArrayList<>();
        CompletableFuture<String> next = Poller.start(plan(gate), turn -> {
            reads.add(time.nanoTime() / 1e9);
            return CompletableFuture.completedFuture(new Poller.Done<>("completed"));
        });
        for (int i = 0; i < 20 && !next.isDone(); i++) {
            time.advance(Duration.ofSeconds(1));
        }

        assertThat(reads).as("when the next wait read the session (virtual seconds)").containsExactly(3.0);
    }
}
