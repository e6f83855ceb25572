package dev.verifykit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.internal.CancelsWaits;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code cancelWaits()} ends a wait whose long-poll read Dock holds, blocking or not, as
 * {@code close()} does: the blocking form's call on the caller's thread was left to its hold (a
 * request blocked in {@code awaitCompletion} held a graceful shutdown; found by a review).
 */
class CancelWaitsBlockingLongPollTest {
    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(50)).build())
            .build());

    @AfterEach
    void stop() {
        mock.close();
    }

    private final java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);

    @Test
    void aBlockingWaitInALongPollEndsWhenTheWaitsAreCancelled() throws Exception {
        run(false);
    }

    @Test
    void anAsyncWaitInALongPollEndsWhenTheWaitsAreCancelled() throws Exception {
        async = true;
        run(false);
    }

    private boolean async;

    @Test
    void aCloseEndsItToo() throws Exception {
        run(true);
    }

    private void run(boolean close) throws Exception {
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(50)).build())
                .listener(new dev.verifykit.event.VerifyKitListener() {
                    @Override
                    public void onAttemptStart(dev.verifykit.event.CallStart call, int attempt) {
                        if (call.waitId().isPresent()) {
                            reading.countDown();
                        }
                    }
                })
                .build();
        try {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
            java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
            CompletableFuture<Throwable> blocking = CompletableFuture.supplyAsync(
                    () -> catchThrowable(() -> {
                        if (async) {
                            try {
                                dock.sessions().awaitCompletionAsync(session.id()).get();
                            } catch (java.util.concurrent.ExecutionException e) {
                                throw e.getCause();
                            }
                        } else {
                            dock.sessions().awaitCompletion(session.id());
                        }
                    }), thread);
            assertThat(reading.await(20, TimeUnit.SECONDS)).isTrue();
            // the read has reached the mock, which holds it (long poll; the journal records it once answered)
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (mock.dock().heldLongPolls() < 1 && System.nanoTime() < until) {
                Thread.onSpinWait();
                Thread.sleep(5);
            }
            assertThat(mock.dock().heldLongPolls()).as("the read held by the mock").isEqualTo(1);
            if (close) {
                dock.close();
            } else {
                ((CancelsWaits) dock).cancelWaits();
            }
            // the hold is 50 s: 15 s is far past "at once"
            assertThat(blocking.get(15, TimeUnit.SECONDS)).isInstanceOf(WaitCancelledException.class);
            thread.shutdown();
        } finally {
            dock.close();
        }
    }
}
