package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.json.OpenEnum;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * One upstream per session, also while a session's hub ends: a browser arriving while the last
 * browser's leave is still closing the upstream, or while the hub is remembering the session's end,
 * waits for that (it used to take the hub away itself and open a second Dock stream, or a new read of
 * an ended session). Each step is held by latches, no timing.
 */
class RelayUpstreamOverlapTest {
    private static final String SESSION = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    @Test
    void aBrowserArrivingWhileTheLastOneLeavesDoesNotOpenASecondUpstreamBeforeTheFirstIsClosed() throws Exception {
        CountingStreams streams = new CountingStreams();
        RelayRegistry registry = registry(streams, VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z")));
        CountDownLatch closing = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        List<String> seenWhileFirstClosing = new ArrayList<>();
        streams.beforeClose = number -> {
            if (number == 1) {
                closing.countDown();
                try {
                    resume.await(60, TimeUnit.SECONDS); // hang guard
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        TestSink first = new TestSink();
        assertThat(registry.subscribe(SESSION, null, first)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);

        CompletableFuture<Void> leaving = CompletableFuture.runAsync(first::close); // the last browser leaves
        assertThat(closing.await(30, TimeUnit.SECONDS)).isTrue();

        Arrival arriving = new Arrival(registry);
        arriving.awaitWaitingOrDone();
        seenWhileFirstClosing.add("open upstreams=" + streams.openNow.get() + ", upstreams()=" + registry.upstreams());
        resume.countDown();
        leaving.get(30, TimeUnit.SECONDS);
        assertThat(arriving.admission()).as("the newcomer, once the old upstream was closed")
                .isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(streams.opened).as("its own upstream, opened after the old one's close").hasValue(2);
        registry.close();

        assertThat(streams.maxOpenAtOnce)
                .as("Dock streams open at once for one session (while the first was closing: %s)", seenWhileFirstClosing)
                .hasValue(1);
    }

    @Test
    void aBrowserArrivingWhileTheSessionEndsIsServedTheEndWithoutANewUpstream() throws Exception {
        CountingStreams streams = new CountingStreams();
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        CountDownLatch ending = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicBoolean pauseNextCancel = new AtomicBoolean();
        Scheduler scheduler = new Scheduler() {
            @Override
            public Instant now() {
                return time.now();
            }

            @Override
            public long nanoTime() {
                return time.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                time.sleep(duration);
            }

            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                Cancellable real = time.schedule(delay, task);
                return () -> {
                    if (pauseNextCancel.getAndSet(false)) { // the hub's end() cancelling its keep-alive
                        ending.countDown();
                        try {
                            resume.await(60, TimeUnit.SECONDS); // hang guard
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    real.cancel();
                };
            }
        };
        RelayRegistry registry = registry(streams, scheduler);
        assertThat(registry.subscribe(SESSION, null, new TestSink())).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        var upstream = streams.listeners.get(0);
        upstream.onSession(session("pending"));
        DockSession completed = session("completed");
        upstream.onSession(completed);

        pauseNextCancel.set(true);
        CompletableFuture<Void> terminal = CompletableFuture.runAsync(() -> upstream.onTerminal(completed));
        assertThat(ending.await(30, TimeUnit.SECONDS)).isTrue();
        Arrival arriving = new Arrival(registry);
        arriving.awaitWaitingOrDone();
        int openedWhileEnding = streams.opened.get();
        resume.countDown();
        terminal.get(30, TimeUnit.SECONDS);
        assertThat(arriving.admission()).as("the newcomer, served the remembered end")
                .isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        registry.close();

        assertThat(openedWhileEnding)
                .as("Dock reads opened for a session whose end was being remembered (1 = only the first)")
                .isEqualTo(1);
        assertThat(streams.opened).hasValue(1);
    }

    private static RelayRegistry registry(CountingStreams streams, Scheduler scheduler) {
        RelayRegistry registry = new RelayRegistry(streams, WaitOptions.defaults(), scheduler, Duration.ofSeconds(15),
                Duration.ofSeconds(3), 10, Duration.ofMinutes(5), 10, 8, 100, 256 * 1024, 64L << 20);
        registry.hubEndWait(Duration.ofSeconds(60)); // far beyond any test step: a hang guard
        return registry;
    }

    /** A browser subscribing on a thread of its own, which the test can see waiting. */
    private static final class Arrival {
        private final CompletableFuture<RelayRegistry.Admission> result = new CompletableFuture<>();
        private final Thread thread;

        Arrival(RelayRegistry registry) {
            thread = new Thread(() -> result.complete(registry.subscribe(SESSION, null, new TestSink())), "arriving-browser");
            thread.start();
        }

        /** Until the browser waits (for the ending hub) or has its answer; 30-s hang guard. */
        void awaitWaitingOrDone() throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (thread.isAlive() && thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < end) {
                Thread.sleep(5);
            }
        }

        RelayRegistry.Admission admission() throws Exception {
            return result.get(30, TimeUnit.SECONDS);
        }
    }

    private static DockSession session(String status) {
        return DockSession.builder().id(SESSION).pid("PID-FREE0001").clientId("user_1")
                .status(OpenEnum.of(DockSessionStatus.class, status)).expiresAt(Instant.parse("2026-01-01T00:05:00Z"))
                .verifyUrl("https://example.test/verify").build();
    }
}
