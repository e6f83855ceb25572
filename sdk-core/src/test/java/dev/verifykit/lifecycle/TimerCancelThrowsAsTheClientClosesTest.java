package dev.verifykit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.mock.DokaiSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.testing.Await;
import dev.verifykit.testing.ForwardingScheduler;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code DokaiClient.close()} and {@code RobloxVerificationClient.close()}: what a {@code Scheduler}
 * of the caller's throws as a wait's timer is cancelled is thrown by {@code close()} as it is, once
 * every wait has ended ({@code WaitCancelledException}) and the client is closed.
 */
class TimerCancelThrowsAsTheClientClosesTest {

    /** A virtual clock whose timers throw as they are cancelled. */
    private static final class ThrowingCancels extends ForwardingScheduler {
        final CountDownLatch scheduled = new CountDownLatch(1);
        volatile Thread scheduler;

        /**
         * The wait's next-read timer is scheduled, and the wait holds it: the thread that scheduled
         * it (an OkHttp callback thread) has left the wait's code, in which it keeps the timer just
         * after {@code schedule} returns.
         */
        void awaitTimerKept() throws InterruptedException {
            assertThat(scheduled.await(30, TimeUnit.SECONDS)).isTrue();
            Await.awaitTrue(() -> Arrays.stream(scheduler.getStackTrace())
                    .noneMatch(frame -> frame.getClassName().startsWith("dev.verifykit.poll.internal.Poller")));
        }

        ThrowingCancels() {
            super(VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z")));
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            Cancellable timer = inner.schedule(delay, task);
            scheduler = Thread.currentThread();
            scheduled.countDown();
            return () -> {
                timer.cancel();
                throw new NoClassDefFoundError("com/example/TimerSupport");
            };
        }
    }

    @Test
    void aDokaiCloseEndsTheWaitThenThrowsWhatTheTimerThrew() throws Exception {
        ThrowingCancels scheduler = new ThrowingCancels();
        DokaiSettings settings = DokaiSettings.builder().build();
        try (MockServer mock = MockServer.start(MockSettings.builder().dokai(settings).build())) {
            DokaiClient dokai = DokaiClient.builder().apiKey(settings.apiKey()).baseUrl(mock.dokaiBaseUrl())
                    .scheduler(scheduler).build();
            KycSession created = dokai.verifySessions().create(CreateKycSessionParams.builder().build());
            CompletableFuture<KycSession> waiting = dokai.verifySessions().awaitResultAsync(created.id());
            scheduler.awaitTimerKept();

            assertClosedAsItIs(dokai::close, waiting);
            assertThat(catchThrowable(() -> dokai.verifySessions().retrieve(created.id())))
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void anRpcCloseEndsTheWaitThenThrowsWhatTheTimerThrew() throws Exception {
        ThrowingCancels scheduler = new ThrowingCancels();
        try (MockServer mock = MockServer.start(MockSettings.defaults())) {
            RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(mock.robloxBaseUrl())
                    .scheduler(scheduler).build();
            VerificationStart start = rpc.beginVerification();
            CompletableFuture<?> waiting = rpc.awaitVerificationAsync(start.sessionId());
            scheduler.awaitTimerKept();

            assertClosedAsItIs(rpc::close, waiting);
            assertThat(catchThrowable(() -> rpc.checkVerification(start.sessionId()))).hasMessageContaining("closed");
        }
    }

    private static void assertClosedAsItIs(Runnable close, CompletableFuture<?> waiting) {
        assertThat(catchThrowable(close::run)).isInstanceOf(NoClassDefFoundError.class)
                .hasMessage("com/example/TimerSupport");
        assertThat(waiting).isDone();
        assertThat(catchThrowable(waiting::get)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WaitCancelledException.class);
        close.run(); // idempotent: the timer was cancelled once
    }
}
