package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.servlet.internal.CountingStreams;
import dev.verifykit.servlet.internal.TestSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link DockRelay#close()}. It ends the timer it owns ("the default scheduler gets a timer of this relay's
 * own, which close() ends"): also when ending a relayed stream throws (an upstream's close failing),
 * or the timer's thread outlives the relay (an undeployed application's thread).
 */
class DockRelayCloseTest {

    @Test
    void theRelaysOwnTimerEndsWhenAnUpstreamsCloseThrows() throws Exception {
        CountingStreams streams = new CountingStreams();
        streams.beforeClose = n -> {
            if (n == 1) {
                throw new IllegalStateException("an upstream's close failed");
            }
        };
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        DockRelay relay = DockRelay.create(streams); // the default scheduler: a timer of its own
        relay.registry().subscribe("vsn_1", null, new TestSink());
        relay.registry().subscribe("vsn_2", null, new TestSink());
        List<Thread> timers = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(thread) && thread.getName().startsWith("verifykit-timer-")) {
                timers.add(thread);
            }
        }
        assertThat(timers).as("the relay's timer runs the keep-alives").isNotEmpty();

        assertThat(catchThrowable(relay::close)).hasMessage("an upstream's close failed");

        for (Thread timer : timers) {
            timer.join(10_000); // ends at once once shut down; kept alive by the pending keep-alives otherwise
            assertThat(timer.isAlive()).as(timer.getName() + " still runs after the relay's close").isFalse();
        }
    }

    /**
     * "closes every upstream": a close() on a second thread, while the first was still closing a
     * session's upstream (Dock streams wait for a listener call in progress), found that session's hub
     * ended already and returned at once, its upstream still open. Its caller then closes the client or
     * its store, or undeploys, with the relay's Dock stream running. Ordered by latches, no timing.
     */
    @Test
    void aCloseOnAnotherThreadReturnsOnlyOnceEveryUpstreamIsClosed() throws Exception {
        CountDownLatch closing = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        CountingStreams streams = closeHeld(closing, resume);
        DockRelay relay = DockRelay.create(streams);
        relay.registry().subscribe("vsn_1", null, new TestSink());
        Thread first = new Thread(relay::close, "first-close");
        first.setDaemon(true);
        first.start();
        assertThat(closing.await(30, TimeUnit.SECONDS)).as("the first close is closing the upstream").isTrue();

        CountDownLatch secondReturned = new CountDownLatch(1);
        Thread second = new Thread(() -> {
            relay.close();
            secondReturned.countDown();
        }, "second-close");
        second.setDaemon(true);
        second.start();
        // the second close either returns (the defect) or waits for the upstream's close (parked in the wait
        // for the hub to be gone): whichever it does is seen here, whatever the timing
        for (int i = 0; i < 30_000 && secondReturned.getCount() > 0 && !waitingForTheHub(second); i++) {
            Thread.sleep(1);
        }
        boolean returnedWhileOpen = secondReturned.getCount() == 0;
        int openWhenItReturned = relay.upstreams();
        resume.countDown();
        assertThat(secondReturned.await(30, TimeUnit.SECONDS)).isTrue();
        first.join(30_000);

        assertThat(returnedWhileOpen && openWhenItReturned > 0)
                .as("the second close() returned while the relay still had an upstream open (upstreams()=%s)",
                        openWhenItReturned).isFalse();
        assertThat(relay.upstreams()).isZero();
    }

    /**
     * "closes every upstream": a close while a browser's request is still opening the session's upstream
     * (the hub has no stream yet) found nothing to close and returned, the open going on after it.
     */
    @Test
    void aCloseWaitsForAnUpstreamBeingOpened() throws Exception {
        CountingStreams counting = new CountingStreams();
        CountDownLatch opening = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean inOpen = new AtomicBoolean();
        SessionStreams slowOpen = new SessionStreams() {
            @Override
            public SessionStream open(String sessionId, SessionListener listener, WaitOptions options) {
                inOpen.set(true);
                opening.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS); // hang guard
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                try {
                    return counting.open(sessionId, listener, options);
                } finally {
                    inOpen.set(false);
                }
            }

            @Override
            public CompletableFuture<DockSession> awaitCompletionAsync(String sessionId, WaitOptions options) {
                throw new UnsupportedOperationException();
            }

            @Override
            public DockSession awaitCompletion(String sessionId, WaitOptions options) {
                throw new UnsupportedOperationException();
            }
        };
        DockRelay relay = DockRelay.create(slowOpen);
        Thread browser = new Thread(() -> relay.registry().subscribe("vsn_1", null, new TestSink()), "browser");
        browser.setDaemon(true);
        browser.start();
        assertThat(opening.await(30, TimeUnit.SECONDS)).as("the browser's subscribe is opening the upstream").isTrue();

        CountDownLatch closeReturned = new CountDownLatch(1);
        Thread closer = new Thread(() -> {
            relay.close();
            closeReturned.countDown();
        }, "closer");
        closer.setDaemon(true);
        closer.start();
        // the close either returns (the defect) or waits for the hub (parked in awaitGone): seen whatever the timing
        for (int i = 0; i < 30_000 && closeReturned.getCount() > 0 && !waitingForTheHub(closer); i++) {
            Thread.sleep(1);
        }
        boolean returnedWhileOpening = closeReturned.getCount() == 0 && inOpen.get();
        release.countDown();
        browser.join(30_000);
        assertThat(closeReturned.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(returnedWhileOpening).as("DockRelay.close() returned while an upstream was still being opened").isFalse();
    }

    /**
     * On a thread that was interrupted (a shutdown hook, an executor's {@code shutdownNow()} closing the
     * application's beans): the wait for an upstream another thread is closing gave up at once on the
     * interrupt, and close() returned with the upstream still open.
     */
    @Test
    void anInterruptedCloseStillReturnsOnlyOnceTheUpstreamAnotherThreadClosesIsClosed() throws Exception {
        CountDownLatch closing = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        CountingStreams streams = closeHeld(closing, resume);
        DockRelay relay = DockRelay.create(streams);
        TestSink browser = new TestSink();
        relay.registry().subscribe("vsn_1", null, browser);
        Thread leaving = new Thread(browser::close, "last-browser-leaving"); // closes the upstream
        leaving.setDaemon(true);
        leaving.start();
        assertThat(closing.await(30, TimeUnit.SECONDS)).as("the last browser's leave is closing the upstream").isTrue();

        CountDownLatch closeReturned = new CountDownLatch(1);
        AtomicInteger openWhenItReturned = new AtomicInteger(-1);
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            Thread.currentThread().interrupt();
            relay.close();
            openWhenItReturned.set(relay.upstreams());
            interruptKept.set(Thread.currentThread().isInterrupted());
            closeReturned.countDown();
        }, "interrupted-close");
        closer.setDaemon(true);
        closer.start();
        // the close either returns (the defect) or waits for the upstream's close: seen here whatever the timing
        for (int i = 0; i < 30_000 && closeReturned.getCount() > 0 && !waitingForTheHub(closer); i++) {
            Thread.sleep(1);
        }
        resume.countDown();
        assertThat(closeReturned.await(30, TimeUnit.SECONDS)).isTrue();
        leaving.join(30_000);

        assertThat(openWhenItReturned.get())
                .as("upstreams still open when DockRelay.close() on an interrupted thread returned").isZero();
        assertThat(interruptKept.get()).as("the caller's interrupt is kept").isTrue();
        assertThat(relay.upstreams()).isZero();
    }

    /** Streams whose upstream's close counts {@code closing} down, then waits for {@code resume}. */
    private static CountingStreams closeHeld(CountDownLatch closing, CountDownLatch resume) {
        CountingStreams streams = new CountingStreams();
        streams.beforeClose = number -> {
            closing.countDown();
            try {
                resume.await(60, TimeUnit.SECONDS); // hang guard
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        return streams;
    }

    private static boolean waitingForTheHub(Thread thread) {
        return Arrays.stream(thread.getStackTrace()).anyMatch(f -> f.getMethodName().equals("awaitGone"));
    }
}
