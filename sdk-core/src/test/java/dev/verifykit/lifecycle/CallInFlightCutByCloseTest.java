package dev.verifykit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockServer;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.testing.Await;
import dev.verifykit.testing.Background;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * README, Errors: a write in flight (a create, a begin, ...) cut by {@code close()} once its request
 * was sent is a {@code TransportException}; a read so cut (a {@code retrieve}, a
 * {@code checkVerification}) ends with a {@code WaitCancelledException}, as a wait does. Each call's
 * answer is held for a minute by the mock, which has recorded the request by then; the close ends it.
 */
class CallInFlightCutByCloseTest {
    private static final String BEGIN = "/roblox/auth.beginVerification";
    private static final String CHECK = "/roblox/auth.checkVerification";
    private static final String CREATE = "/dock/v2/sessions";

    private final MockServer mock = MockServer.start();

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void aRobloxBeginCutInFlightIsATransportException() throws Exception {
        RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(mock.robloxBaseUrl()).build();
        mock.faults().add("POST", BEGIN, MockFault.delayHead(Duration.ofMinutes(1)), 1);
        CompletableFuture<VerificationStart> begin = Background.supply(rpc::beginVerification);
        awaitArrived(BEGIN);

        rpc.close();

        assertThat(failureOf(begin)).isInstanceOf(TransportException.class).hasMessageContaining("was cancelled");
    }

    @Test
    void aRobloxCheckCutInFlightIsAWaitCancelledException() throws Exception {
        RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(mock.robloxBaseUrl()).build();
        VerificationStart start = rpc.beginVerification();
        mock.faults().add("POST", CHECK, MockFault.delayHead(Duration.ofMinutes(1)), 1);
        CompletableFuture<?> check = Background.supply(() -> rpc.checkVerification(start.sessionId()));
        awaitArrived(CHECK);

        rpc.close();

        assertThat(failureOf(check)).isInstanceOfSatisfying(WaitCancelledException.class, e -> {
            assertThat(e).hasMessageContaining("the client was closed");
            assertThat(e.clientClosed()).isTrue();
        });
    }

    @Test
    void aDockCreateCutInFlightIsATransportException() throws Exception {
        DockClient dock = DockClient.builder().apiKey(mock.settings().dock().freeApiKey()).baseUrl(mock.dockBaseUrl())
                .build();
        mock.faults().add("POST", CREATE, MockFault.delayHead(Duration.ofMinutes(1)), 1);
        CompletableFuture<?> create = Background.supply(() -> dock.sessions().create(
                CreateSessionParams.builder().pid(mock.settings().dock().freePid()).clientId("u1").build()));
        awaitArrived(CREATE);

        dock.close();

        assertThat(failureOf(create)).isInstanceOf(TransportException.class).hasMessageContaining("was cancelled");
    }

    private void awaitArrived(String path) throws InterruptedException {
        Await.awaitTrue(() -> mock.journal().entries().stream().map(MockJournalEntry::path).anyMatch(path::equals));
    }

    /** What the call ended with; the 30-s bound is a hang guard only, the call ends as close() returns. */
    private static Throwable failureOf(CompletableFuture<?> call) {
        Throwable ended = catchThrowable(() -> call.get(Await.GIVE_UP_SECONDS, TimeUnit.SECONDS));
        assertThat(ended).as("the call ended by the close").isInstanceOf(ExecutionException.class);
        return ended.getCause();
    }
}
