package dev.verifykit.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * README: "close() is final. Waits and streams of the client end at once with a
 * WaitCancelledException". An asynchronous wait whose read was being started on a client thread (a
 * listener of the call's start still running) when close() came was, for a while this session, not
 * ended by the close: its end was left to the attempt's thread, so close() returned with the wait's
 * future still pending for as long as that listener ran. The future ends at once now; only the
 * wait's end event waits for its read to be stopped. Latches only; no timing.
 */
class CloseEndsAnAsyncWaitAtOnceTest {
    private MockServer mock;
    private final AtomicInteger readsStarted = new AtomicInteger();
    private final CountDownLatch hearing = new CountDownLatch(1);
    private final CountDownLatch letGo = new CountDownLatch(1);
    private final VerifyKitListener listener = new VerifyKitListener() {
        @Override
        public void onCallStart(CallStart call) {
            // the wait's second read, started on a client thread once the caller has the future
            if (call.waitId().isPresent() && readsStarted.incrementAndGet() == 2) {
                hearing.countDown();
                try {
                    letGo.await(30, TimeUnit.SECONDS); // a slow listener (an exporter, a log appender)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    };

    @BeforeEach
    void start() {
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50))
                .maxWait(Duration.ofSeconds(1)).build()).build());
    }

    @AfterEach
    void stop() {
        letGo.countDown();
        mock.close();
    }

    @Test
    void anAsyncWaitWhoseReadIsBeingStartedHasEndedWhenCloseReturns() throws Exception {
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(1)).build())
                .createTokenWait(Duration.ZERO).listener(listener).build();
        DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_9").build());
        CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id());
        assertThat(hearing.await(30, TimeUnit.SECONDS)).isTrue();

        dock.close();
        boolean endedByClose = wait.isDone();
        letGo.countDown();

        assertThat(endedByClose).as("the wait ended (WaitCancelledException) by the time close() returned").isTrue();
        try {
            wait.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(WaitCancelledException.class);
        }
    }
}
