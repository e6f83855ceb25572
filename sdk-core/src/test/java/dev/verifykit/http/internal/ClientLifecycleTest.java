package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.Service;
import dev.verifykit.testing.Background;
import dev.verifykit.testing.ForwardingScheduler;
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
 * What {@link ClientLifecycle} promises the calls and waits of a client: {@code close()} is final and
 * wakes a call asleep before its retry, which then finds the client closed (so sends nothing more),
 * with the close's interrupt cleared and an interrupt of anyone else's thrown as it is;
 * {@code cancelWaits()} ends the sleeps of waits but not those of single calls; every end runs
 * though one throws, the first throwable thrown once all ran; a closed client admits no request.
 */
class ClientLifecycleTest {
    private final ClientLifecycle lifecycle = new ClientLifecycle(Service.DOCK);
    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-12-01T00:00:00Z"));

    /** Virtual time whose sleeps block until their thread is interrupted, telling when one starts. */
    private static final class BlockingSleeps extends ForwardingScheduler {
        final CountDownLatch sleeping = new CountDownLatch(1);

        BlockingSleeps(VirtualScheduler time) {
            super(time);
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            sleeping.countDown();
            new CountDownLatch(1).await(); // until interrupted
        }
    }

    /** What a sleep returned, and whether its thread was left interrupted. */
    private record Slept(boolean open, boolean interrupted) {}

    @Test
    void aSleepTheCloseWakesFindsTheClientClosedAndKeepsNoInterrupt() throws Exception {
        BlockingSleeps scheduler = new BlockingSleeps(time);
        CompletableFuture<Slept> slept = Background.supply(() -> {
            try {
                boolean open = lifecycle.sleep(scheduler, Duration.ofHours(1));
                return new Slept(open, Thread.currentThread().isInterrupted());
            } catch (InterruptedException e) {
                throw new AssertionError("the close's interrupt was thrown as the caller's", e);
            }
        });
        assertThat(scheduler.sleeping.await(30, TimeUnit.SECONDS)).isTrue();

        lifecycle.close();

        assertThat(slept.get(30, TimeUnit.SECONDS)).isEqualTo(new Slept(false, false));
    }

    @Test
    void anInterruptOfAnotherPartyIsThrownAndTheClientStaysOpen() throws Exception {
        BlockingSleeps scheduler = new BlockingSleeps(time);
        Thread[] sleeper = new Thread[1];
        CompletableFuture<Object> slept = Background.supply(() -> {
            sleeper[0] = Thread.currentThread();
            try {
                return lifecycle.sleep(scheduler, Duration.ofHours(1));
            } catch (InterruptedException e) {
                return e;
            }
        });
        assertThat(scheduler.sleeping.await(30, TimeUnit.SECONDS)).isTrue();

        sleeper[0].interrupt();

        assertThat(slept.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(lifecycle.isClosed()).isFalse();
    }

    /**
     * The close's interrupt is cleared as a sleep ends, never the caller's: a scheduler of the caller's
     * whose sleep returns with its thread interrupted (it kept an interrupt it caught) leaves it so.
     */
    @Test
    void theCallersInterruptIsKeptWhenTheCloseDidNotWakeTheSleep() throws Exception {
        ForwardingScheduler keepsItsInterrupt = new ForwardingScheduler(time) {
            @Override
            public void sleep(Duration duration) {
                Thread.currentThread().interrupt(); // another party's interrupt, caught and kept
            }
        };
        CompletableFuture<Slept> slept = Background.supply(() -> {
            try {
                boolean open = lifecycle.sleep(keepsItsInterrupt, Duration.ofSeconds(1));
                return new Slept(open, Thread.interrupted());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });

        assertThat(slept.get(30, TimeUnit.SECONDS)).isEqualTo(new Slept(true, true));
    }

    @Test
    void cancelWaitsEndsTheSleepsOfWaitsButNotThoseOfSingleCalls() throws Exception {
        lifecycle.cancelWaits();

        assertThat(lifecycle.sleepInWait(time, Duration.ofSeconds(1))).as("a wait's sleep").isFalse();
        assertThat(time.sleeps()).as("slept by a wait").isEmpty();
        assertThat(lifecycle.sleep(time, Duration.ofSeconds(2))).as("a single call's sleep").isTrue();
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void aSleepInAWaitIsSleptWhileWaitsGoOnAndEndsAsTheyAreCancelled() throws Exception {
        assertThat(lifecycle.sleepInWait(time, Duration.ofSeconds(1))).isTrue();
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));

        BlockingSleeps scheduler = new BlockingSleeps(time);
        CompletableFuture<Boolean> slept = Background.supply(() -> {
            try {
                return lifecycle.sleepInWait(scheduler, Duration.ofHours(1));
            } catch (InterruptedException e) {
                throw new AssertionError("the cancel's interrupt was thrown as the caller's", e);
            }
        });
        assertThat(scheduler.sleeping.await(30, TimeUnit.SECONDS)).isTrue();

        lifecycle.cancelWaits();

        assertThat(slept.get(30, TimeUnit.SECONDS)).isFalse();
        assertThat(lifecycle.isClosed()).as("single calls go on").isFalse();
    }

    @Test
    void closeRunsEveryEndThoughOneThrowsAndThenThrowsIt() {
        List<String> ran = new CopyOnWriteArrayList<>();
        IllegalStateException thrown = new IllegalStateException("a store of the caller's failed");
        lifecycle.onClose(() -> {
            ran.add("throwing");
            throw thrown;
        });
        lifecycle.onClose(() -> ran.add("other"));
        lifecycle.onWaitsCancelled(() -> ran.add("wait"));

        assertThatThrownBy(lifecycle::close).isSameAs(thrown);
        assertThat(ran).containsExactlyInAnyOrder("throwing", "other", "wait");
        assertThat(lifecycle.isClosed()).isTrue();
    }

    @Test
    void cancelWaitsRunsEveryWaitsEndThoughOneThrowsAndThenThrowsIt() {
        List<String> ran = new CopyOnWriteArrayList<>();
        IllegalStateException thrown = new IllegalStateException("a scheduler of the caller's failed");
        lifecycle.onWaitsCancelled(() -> {
            ran.add("throwing");
            throw thrown;
        });
        lifecycle.onWaitsCancelled(() -> ran.add("other"));
        lifecycle.onClose(() -> ran.add("stream"));

        assertThatThrownBy(lifecycle::cancelWaits).isSameAs(thrown);
        assertThat(ran).containsExactlyInAnyOrder("throwing", "other");
    }

    @Test
    void aClosedClientAdmitsNoRequest() {
        Runnable section = lifecycle.admitting();
        assertThat(section).isNotNull();
        assertThat(lifecycle.admitting()).as("a section inside the thread's own").isNotNull();
        section.run();

        lifecycle.close();

        assertThat(lifecycle.admitting()).isNull();
    }
}
