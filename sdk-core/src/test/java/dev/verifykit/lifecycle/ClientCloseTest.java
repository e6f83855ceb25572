package dev.verifykit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.roblox.VerificationStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code close()} is final: a pending wait ends at once with {@link WaitCancelledException} (it used
 * to go on retrying the closed client and fail some 10 s later with a TransportException, counting
 * polls meanwhile), a blocking wait on another thread is woken, later calls fail at once with
 * {@link ClientClosedException} without sending anything, and no request follows the close.
 */
class ClientCloseTest {
    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(5)).build())
            .build());

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void closingADockClientEndsItsWaitsAndRefusesLaterCalls() throws Exception {
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(5)).build())
                .build();
        DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
        DockSession other = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u2").build());
        CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id());
        AtomicReference<Throwable> blocked = new AtomicReference<>();
        CountDownLatch blockedEnded = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                dock.sessions().awaitCompletion(other.id());
            } catch (Throwable t) {
                blocked.set(t);
            } finally {
                blockedEnded.countDown();
            }
        });
        waiter.start();
        awaitReads(session.id(), 1);
        awaitReads(other.id(), 1);

        dock.close();

        assertThat(wait).as("ended when close() returned").isCompletedExceptionally();
        assertThatThrownBy(wait::join).hasCauseInstanceOf(WaitCancelledException.class)
                .hasMessageContaining("the client was closed");
        assertThat(blockedEnded.await(30, TimeUnit.SECONDS)).as("the blocking wait woke").isTrue();
        assertThat(blocked.get()).isInstanceOf(WaitCancelledException.class);
        int requests = mock.journal().entries().size();
        assertThatThrownBy(() -> dock.sessions().retrieve(session.id())).isInstanceOf(ClientClosedException.class)
                .hasMessageContaining("nothing was sent");
        assertThatThrownBy(() -> dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                .clientId("u3").build())).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> dock.sessions().awaitCompletionAsync(session.id()).join())
                .hasCauseInstanceOf(ClientClosedException.class);
        assertThat(mock.journal().entries()).as("nothing sent after close").hasSize(requests);
        dock.close(); // a second close does nothing
    }

    @Test
    void closingTheRpcAndDokaiClientsEndsTheirWaits() {
        RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(mock.robloxBaseUrl()).build();
        DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_mock").baseUrl(mock.dokaiBaseUrl()).build();
        VerificationStart start = rpc.beginVerification();
        KycSession kyc = dokai.verifySessions().create(CreateKycSessionParams.none());
        CompletableFuture<VerificationStatus> check = rpc.awaitVerificationAsync(start.sessionId());
        CompletableFuture<KycSession> result = dokai.verifySessions().awaitResultAsync(kyc.id());

        rpc.close();
        dokai.close();

        assertThat(check).isCompletedExceptionally();
        assertThat(result).isCompletedExceptionally();
        assertThatThrownBy(check::join).hasCauseInstanceOf(WaitCancelledException.class);
        assertThatThrownBy(result::join).hasCauseInstanceOf(WaitCancelledException.class);
        assertThatThrownBy(rpc::beginVerification).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> dokai.verifySessions().retrieve(kyc.id())).isInstanceOf(ClientClosedException.class);
    }

    private void awaitReads(String sessionId, int count) throws InterruptedException {
        for (int i = 0; i < 3000 && reads(sessionId) < count; i++) {
            Thread.sleep(10);
        }
        assertThat(reads(sessionId)).isGreaterThanOrEqualTo(count);
    }

    private long reads(String sessionId) {
        return mock.journal().entries().stream().map(MockJournalEntry::path)
                .filter(path -> path.equals("/dock/v2/sessions/" + sessionId)).count();
    }
}
