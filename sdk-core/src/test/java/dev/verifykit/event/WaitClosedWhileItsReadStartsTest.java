package dev.verifykit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.internal.CancelsWaits;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.testing.Background;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code VerifyKitListener.onWaitEnd}: "Its calls have ended by then (onCallEnd), its call in flight
 * when it was cancelled (by its caller, by close(), by cancelWaits()) included, whether the wait
 * blocks or not"; {@code CallEnd.cancelled}: "its wait cancelled or its client closed". Before the
 * fix, an asynchronous wait whose read was being started (its listeners hearing of the call) when
 * the client closed on another thread was told ended first; its read was told ended afterwards, and
 * as a failure ({@code ClientClosedException}) rather than cancelled: an ERROR span (error.type
 * ClientClosedException) ending after its parent wait's span, and {@code verifykit.calls}
 * outcome=failure, for a read the close cut. Ended by {@code cancelWaits()} (the Spring starter's
 * graceful shutdown) or by its caller's {@code cancel}, the wait was told ended before its read,
 * which was even sent after that end. The read is now told ended, cancelled, before its wait.
 */
class WaitClosedWhileItsReadStartsTest {
    private MockServer mock;
    private final List<String> told = new ArrayList<>();
    /** The read of the wait whose start the listener holds: 1 for the first, 2 for the second. */
    private volatile int heldRead = 1;
    private int readsStarted;
    private final CountDownLatch hearing = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CountDownLatch readEnded = new CountDownLatch(1);
    private final CountDownLatch waitEnded = new CountDownLatch(1);
    private final VerifyKitListener listener = new VerifyKitListener() {
        @Override
        public void onCallStart(CallStart call) {
            if (call.waitId().isPresent()) {
                boolean hold;
                synchronized (told) {
                    hold = ++readsStarted == heldRead;
                    if (hold) {
                        told.clear(); // the events from the held read's start on
                    }
                }
                note("callStart");
                if (hold) {
                    hearing.countDown();
                    try {
                        ended.await(30, TimeUnit.SECONDS); // a slow listener, or an end on another thread just now
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }

        @Override
        public void onCallEnd(CallStart call, CallEnd end) {
            if (call.waitId().isPresent()) {
                note("callEnd " + (end.cancelled() ? "cancelled" : end.succeeded() ? "succeeded"
                        : "failed with " + end.failure().map(f -> f.getClass().getSimpleName()).orElse("?")));
                boolean held;
                synchronized (told) {
                    held = readsStarted >= heldRead;
                }
                if (held) {
                    readEnded.countDown();
                }
            }
        }

        @Override
        public void onWaitEnd(WaitStart wait, WaitEnd end) {
            note("waitEnd " + end.outcome());
            waitEnded.countDown();
        }
    };

    private void note(String event) {
        synchronized (told) {
            told.add(event);
        }
    }

    @BeforeEach
    void start() {
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50))
                .maxWait(Duration.ofSeconds(1)).build()).build());
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    private DockClient client() {
        return DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(1)).build())
                .createTokenWait(Duration.ZERO).listener(listener).build();
    }

    private static DockSession session(DockClient dock, String clientId) {
        return dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId(clientId).build());
    }

    private void assertReadEndedCancelledBeforeItsWait() throws InterruptedException {
        // the wait's end is told right after its read's, on the thread that stopped the read
        assertThat(readEnded.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(waitEnded.await(30, TimeUnit.SECONDS)).isTrue();
        synchronized (told) {
            assertThat(told).as("events of the wait and its read").containsExactly("callStart", "callEnd cancelled",
                    "waitEnd CANCELLED");
        }
    }

    @Test
    void aWaitsReadBeingStartedAsTheClientClosesIsToldEndedCancelledBeforeItsWait() throws Exception {
        DockClient dock = client();
        DockSession session = session(dock, "user_1");
        CompletableFuture<CompletableFuture<DockSession>> waiting =
                Background.supply(() -> dock.sessions().awaitCompletionAsync(session.id()));
        assertThat(hearing.await(30, TimeUnit.SECONDS)).isTrue();
        dock.close();
        ended.countDown();
        waiting.get(30, TimeUnit.SECONDS);
        assertReadEndedCancelledBeforeItsWait();
    }

    @Test
    void aWaitsReadBeingStartedAsTheWaitsAreCancelledIsToldEndedCancelledBeforeItsWait() throws Exception {
        try (DockClient dock = client()) {
            DockSession session = session(dock, "user_2");
            CompletableFuture<CompletableFuture<DockSession>> waiting =
                    Background.supply(() -> dock.sessions().awaitCompletionAsync(session.id()));
            assertThat(hearing.await(30, TimeUnit.SECONDS)).isTrue();
            ((CancelsWaits) dock).cancelWaits();
            ended.countDown();
            waiting.get(30, TimeUnit.SECONDS);
            assertReadEndedCancelledBeforeItsWait();
        }
    }

    @Test
    void aWaitsReadBeingStartedAsItsCallerCancelsItIsToldEndedCancelledBeforeItsWait() throws Exception {
        heldRead = 2; // the first is started before the caller has the wait's future
        try (DockClient dock = client()) {
            DockSession session = session(dock, "user_3");
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id());
            assertThat(hearing.await(30, TimeUnit.SECONDS)).isTrue();
            wait.cancel(true);
            ended.countDown();
            assertReadEndedCancelledBeforeItsWait();
        }
    }

    /**
     * README: "close() is final. Waits and streams of the client end at once". For a while this
     * session, an asynchronous wait whose read was being started when close() came was not ended by
     * the close: close() returned with the wait's future pending for as long as the listener ran.
     * The future ends at once; only the wait's end event waits for its read to be stopped.
     */
    @Test
    void aWaitsFutureEndsAtOnceWhenTheClientClosesAsItsReadIsBeingStarted() throws Exception {
        heldRead = 2; // the first is started before the caller has the wait's future
        DockClient dock = client();
        DockSession session = session(dock, "user_4");
        CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id());
        assertThat(hearing.await(30, TimeUnit.SECONDS)).isTrue();

        dock.close();
        boolean endedByClose = wait.isDone();
        ended.countDown();

        assertThat(endedByClose).as("the wait ended by the time close() returned").isTrue();
        assertThatThrownBy(() -> wait.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(WaitCancelledException.class);
        assertReadEndedCancelledBeforeItsWait();
    }
}
