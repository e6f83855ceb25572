package dev.verifykit.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * README: "Completing or cancelling the future yourself ends the wait: its request in flight is
 * cancelled and the session's read turn freed." The wait's listener must then hear its end once
 * (VerifyKitMetrics lowers {@code verifykit.waits.active} there, VerifyKitTracing ends the wait's
 * span), after its call in flight ended (as for a cancel or a close: the call's span ends inside its
 * wait's, and a stream's close is an event of the wait's span).
 */
class CallerCompletedWaitTest {
    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(50)).build())
            .build());
    private final List<String> told = new CopyOnWriteArrayList<>();
    private final VerifyKitListener listener = new VerifyKitListener() {
        @Override
        public void onCallEnd(CallStart call, CallEnd end) {
            if (call.waitId().isPresent()) {
                told.add("callEnd");
            }
        }

        @Override
        public void onWaitStart(WaitStart wait) {
            told.add("waitStart");
        }

        @Override
        public void onWaitEnd(WaitStart wait, WaitEnd end) {
            told.add("waitEnd");
        }
    };

    @AfterEach
    void stop() {
        mock.close();
    }

    private DockClient client() {
        return DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(50))
                        .build())
                .listener(listener).build();
    }

    /** A wait whose long-poll the mock holds, started; returns once the read is held. */
    private CompletableFuture<DockSession> heldWait(DockClient dock) throws Exception {
        DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
        CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (mock.dock().heldLongPolls() < 1 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(mock.dock().heldLongPolls()).as("the wait's long-poll, held by the mock").isEqualTo(1);
        return wait;
    }

    /** completeAsync (Java 9) completes the future without its complete(): the wait's end is never told. */
    @Test
    void aWaitTheCallerCompletesWithCompleteAsyncTellsItsEnd() throws Exception {
        try (DockClient dock = client()) {
            CompletableFuture<DockSession> wait = heldWait(dock);
            wait.completeAsync(() -> null, Runnable::run);
            assertThat(wait).isDone();
            assertThat(told).as("events told once the caller completed the wait").contains("waitEnd");
        }
    }

    /** orTimeout's completion, done by hand: the call in flight ends inside its wait, as on a cancel. */
    @Test
    void aWaitTheCallerCompletesExceptionallyEndsItsCallFirst() throws Exception {
        try (DockClient dock = client()) {
            CompletableFuture<DockSession> wait = heldWait(dock);
            wait.completeExceptionally(new TimeoutException());
            assertThat(told).as("events told once the caller completed the wait")
                    .containsExactly("waitStart", "callEnd", "waitEnd");
        }
    }

    /** The same for a cancel, which is right today: the reference order. */
    @Test
    void aWaitTheCallerCancelsEndsItsCallFirst() throws Exception {
        try (DockClient dock = client()) {
            CompletableFuture<DockSession> wait = heldWait(dock);
            wait.cancel(true);
            assertThat(told).containsExactly("waitStart", "callEnd", "waitEnd");
        }
    }
}
