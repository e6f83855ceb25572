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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code cancelWaits()} (what the Spring starter calls as the application begins to shut down, "so
 * that no wait holds the web server's graceful shutdown") must end a blocking {@code awaitCompletion}
 * whose long-poll Dock holds, also on a client with no {@code VerifyKitListener}: the transport
 * registered a wait's held call for {@code cancelWaits()} only when the call carried a wait id, and a
 * wait gets an id only when a listener is there to be told of it ({@code HttpTransport.sendTraced}'s
 * {@code ofAWait = waitId != 0}). Without a listener the blocking wait sat in its socket read for the
 * whole hold ({@code CancelWaitsBlockingLongPollTest} registers a listener, so it did not see it).
 */
class CancelWaitsWithoutListenerTest {
    /** A hold far longer than the bound the test allows the cancel, so the outcome does not depend on speed. */
    private static final Duration HOLD = Duration.ofSeconds(600);

    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).maxWait(HOLD).build())
            .build());

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void aBlockingWaitOfAClientWithoutListenerEndsWhenTheWaitsAreCancelled() throws Exception {
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(HOLD)
                        .holdSpread(Duration.ZERO).build())
                .build(); // no listener: the usual setup
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
            CompletableFuture<Throwable> blocking = CompletableFuture.supplyAsync(
                    () -> catchThrowable(() -> dock.sessions().awaitCompletion(session.id())), thread);
            // the long-poll has reached the mock, which holds it
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (mock.dock().heldLongPolls() < 1 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(mock.dock().heldLongPolls()).as("the long-poll held by the mock").isEqualTo(1);

            ((CancelsWaits) dock).cancelWaits();

            // the hold is 600 s; 30 s is far past "at once" (with a listener registered it ends in milliseconds)
            Throwable ended = blocking.get(30, TimeUnit.SECONDS);
            assertThat(ended).isInstanceOf(WaitCancelledException.class);
        } finally {
            dock.close(); // ends the held call either way
            thread.shutdownNow();
        }
    }
}
