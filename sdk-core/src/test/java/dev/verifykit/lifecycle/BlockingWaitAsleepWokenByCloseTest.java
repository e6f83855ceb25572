package dev.verifykit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.internal.CancelsWaits;
import dev.verifykit.mock.DokaiSettings;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.testing.Background;
import dev.verifykit.testing.ForwardingScheduler;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * README ("{@code close()} is final"): waits end at once with a {@code WaitCancelledException}, "a
 * blocking wait on another thread is woken", and nothing is sent afterwards; the Dokai and Roblox
 * clients' {@code close()}: "Ends the waits in progress". A blocking wait sleeps between its reads on
 * the waiting thread ({@code Poller.Inline.drive}, through the client's {@code Scheduler.sleep}), so
 * the close must wake that sleep itself. {@code ClientCloseTest} wakes a blocking Dock wait held in
 * its long-poll and single calls asleep in the client; here a Dokai and a Roblox wait are asleep
 * between two reads, on a scheduler whose sleep only an interrupt ends (no time passes, nothing
 * races the clock): a close that did not wake it would leave the waiting thread asleep for good.
 * So too when the Spring Boot starter's graceful shutdown ends the clients' waits ({@link CancelsWaits},
 * README: "every wait of the clients in progress ... ends with a {@code WaitCancelledException}"),
 * the client staying open for single calls.
 */
class BlockingWaitAsleepWokenByCloseTest {
    private static final long PATIENCE_SECONDS = 30; // a hang guard only: the wait ends as close() returns

    /** The system's clock and timers, with a sleep that ends only when its thread is interrupted. */
    private static final class SleepsUntilInterrupted extends ForwardingScheduler {
        final CountDownLatch asleep = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);

        SleepsUntilInterrupted() {
            super(Scheduler.system());
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            asleep.countDown();
            released.await(); // counted down only after the test, so that a failed one leaves no thread asleep
        }
    }

    private final SleepsUntilInterrupted time = new SleepsUntilInterrupted();

    @AfterEach
    void release() {
        time.released.countDown();
    }

    @Test
    void aBlockingDokaiWaitAsleepBetweenItsReadsEndsAtTheClose() throws Exception {
        DokaiSettings settings = DokaiSettings.builder().build();
        try (MockServer mock = MockServer.start(MockSettings.builder().dokai(settings).build())) {
            DokaiClient dokai = DokaiClient.builder().apiKey(settings.apiKey()).baseUrl(mock.dokaiBaseUrl())
                    .scheduler(time).build();
            KycSession created = dokai.verifySessions().create(CreateKycSessionParams.none());
            CompletableFuture<KycSession> waiting = Background.supply(() -> dokai.verifySessions().awaitResult(created.id()));
            assertThat(time.asleep.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("the wait fell asleep").isTrue();
            List<MockJournalEntry> before = mock.journal().entries();
            assertThat(before).as("asleep after its first read").last()
                    .satisfies(read -> {
                        assertThat(read.method()).isEqualTo("GET");
                        assertThat(read.path()).endsWith("/session/" + created.id());
                    });

            dokai.close();

            assertCancelledByTheClose(waiting);
            assertThat(mock.journal().entries()).as("nothing sent after close()").hasSameSizeAs(before);
        }
    }

    @Test
    void aBlockingRobloxWaitAsleepBetweenItsChecksEndsAtTheClose() throws Exception {
        try (MockServer mock = MockServer.start(MockSettings.defaults())) {
            RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(mock.robloxBaseUrl())
                    .scheduler(time).build();
            VerificationStart start = rpc.beginVerification();
            CompletableFuture<?> waiting = Background.supply(() -> rpc.awaitVerification(start.sessionId()));
            assertThat(time.asleep.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("the wait fell asleep").isTrue();
            List<MockJournalEntry> before = mock.journal().entries();
            assertThat(before).as("the begin, then the wait's first check").hasSize(2).last()
                    .satisfies(check -> assertThat(check.path()).endsWith("auth.checkVerification"));

            rpc.close();

            assertCancelledByTheClose(waiting);
            assertThat(mock.journal().entries()).as("nothing sent after close()").hasSameSizeAs(before);
        }
    }

    @Test
    void aBlockingDokaiWaitAsleepBetweenItsReadsEndsWhenTheClientsWaitsAreCancelled() throws Exception {
        DokaiSettings settings = DokaiSettings.builder().build();
        try (MockServer mock = MockServer.start(MockSettings.builder().dokai(settings).build());
                DokaiClient dokai = DokaiClient.builder().apiKey(settings.apiKey()).baseUrl(mock.dokaiBaseUrl())
                        .scheduler(time).build()) {
            KycSession created = dokai.verifySessions().create(CreateKycSessionParams.none());
            CompletableFuture<KycSession> waiting = Background.supply(() -> dokai.verifySessions().awaitResult(created.id()));
            assertThat(time.asleep.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("the wait fell asleep").isTrue();
            int sent = mock.journal().entries().size();

            ((CancelsWaits) dokai).cancelWaits();

            Throwable ended = catchThrowable(() -> waiting.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
            assertThat(ended).as("the blocking wait woke").isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOfSatisfying(WaitCancelledException.class, e -> {
                        assertThat(e).hasMessageContaining("the client's waits were cancelled");
                        assertThat(e.clientClosed()).as("the client is still open").isFalse();
                    });
            assertThat(mock.journal().entries()).as("nothing sent after the waits were cancelled").hasSize(sent);
            assertThat(dokai.verifySessions().retrieve(created.id()).id()).as("a single call still works")
                    .isEqualTo(created.id());
        }
    }

    private static void assertCancelledByTheClose(CompletableFuture<?> waiting) {
        Throwable ended = catchThrowable(() -> waiting.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
        assertThat(ended).as("the blocking wait woke").isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(WaitCancelledException.class, e -> {
                    assertThat(e).hasMessageContaining("the client was closed");
                    assertThat(e.clientClosed()).isTrue();
                });
    }
}
