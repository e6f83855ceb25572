package dev.verifykit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitOutcome;
import dev.verifykit.event.WaitStart;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.Background;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A wait's end is told to the client's listener ({@code onWaitEnd}) before its future completes. A
 * {@code close()} in that moment (an application shutting down while its metrics listener records the
 * end, or the listener closing the client itself) found the future not yet done and ended the wait
 * as cancelled: the listener was told the wait {@code COMPLETED} (or {@code TIMED_OUT}) and the caller
 * got a {@code WaitCancelledException} "the client was closed" instead, losing the session Dock had
 * already answered. A wait whose result is in ends with it, as told.
 */
class CloseAsAWaitsEndIsToldTest {
    private static final long PATIENCE_SECONDS = 30;

    private final MockServer mock = MockServer.start(MockSettings.defaults());

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void aBlockingWaitWhoseCompletionIsBeingToldAsTheClientClosesReturnsTheSession() throws Exception {
        List<WaitOutcome> told = new CopyOnWriteArrayList<>();
        CountDownLatch telling = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .listener(new VerifyKitListener() {
                    @Override
                    public void onWaitEnd(WaitStart wait, WaitEnd end) {
                        told.add(end.outcome());
                        telling.countDown();
                        try { // a listener taking its time (a metrics export) as the application closes the client
                            closed.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).build();
        DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
        mock.dock().complete(session.id());
        CompletableFuture<DockSession> waited = Background.supply(() -> dock.sessions().awaitCompletion(session.id()));
        assertThat(telling.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();

        dock.close();
        closed.countDown();

        assertThat(told).containsExactly(WaitOutcome.COMPLETED);
        assertThat(waited.get(PATIENCE_SECONDS, TimeUnit.SECONDS).status().value()).as("the session Dock answered")
                .isEqualTo(DockSessionStatus.COMPLETED);
        assertThatThrownBy(() -> dock.sessions().retrieve(session.id())).isInstanceOf(ClientClosedException.class);
    }

    @Test
    void anAsynchronousWaitTimedOutEndsTimedOutWhenItsListenerClosesTheClient() throws Exception {
        List<WaitEnd> told = new CopyOnWriteArrayList<>();
        AtomicReference<DokaiClient> client = new AtomicReference<>();
        DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_mock").baseUrl(mock.dokaiBaseUrl())
                .listener(new VerifyKitListener() {
                    @Override
                    public void onWaitEnd(WaitStart wait, WaitEnd end) {
                        told.add(end);
                        client.get().close(); // the application's last wait is over: it closes its client
                    }
                }).build();
        client.set(dokai);
        KycSession kyc = dokai.verifySessions().create(CreateKycSessionParams.none());
        // the session stays pending: the wait ends at its deadline, however fast or slow the machine
        CompletableFuture<KycSession> waited = dokai.verifySessions().awaitResultAsync(kyc.id(),
                WaitOptions.builder().timeout(Duration.ofSeconds(1)).build());

        assertThatThrownBy(() -> waited.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WaitTimeoutException.class);
        assertThat(told).singleElement().satisfies(end -> assertThat(end.outcome()).isEqualTo(WaitOutcome.TIMED_OUT));
    }
}
