package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.mock.MockServer;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A client's {@code close()} throws what the application's scheduler throws as its timer is cancelled
 * (the clients' Javadoc: "thrown by close() as it is, once every wait has ended and the client is
 * closed"), once: a second close finds the timer cancelled and throws nothing. The starter's close of
 * the clients after the web server's stop caught every {@code Exception} and dropped it ("Spring's
 * destruction tries again"): Spring's {@code destroyMethod} close came second and threw nothing, so a
 * {@code RuntimeException} of the application's scheduler (or of its OkHttp {@code EventListener},
 * told of the calls the close cancels) was told to no one, neither thrown nor logged. Only an
 * {@code Error} went on. Every throwable now goes on once every client was closed, as the waits' end
 * already has them.
 */
class ShutdownReportsAFailingCloseTest {

    /** A virtual clock whose timers throw a RuntimeException as they are cancelled. */
    private static final class ThrowingCancels extends ForwardingScheduler {
        final CountDownLatch scheduled = new CountDownLatch(1);
        volatile Thread scheduler;

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
                throw new IllegalStateException("the application's timer pool is shut down");
            };
        }

        /** The wait's next-check timer is scheduled, and the wait keeps it (its thread left the wait's code). */
        void awaitTimerKept() throws InterruptedException {
            assertThat(scheduled.await(30, TimeUnit.SECONDS)).isTrue();
            Await.awaitTrue(() -> Arrays.stream(scheduler.getStackTrace())
                    .noneMatch(frame -> frame.getClassName().startsWith("dev.verifykit.poll.internal.Poller")));
        }
    }

    @Test
    void whatAClientsCloseThrowsGoesOnOnceEveryClientIsClosed() throws Exception {
        ThrowingCancels scheduler = new ThrowingCancels();
        try (MockServer mock = MockServer.start()) {
            RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(mock.robloxBaseUrl())
                    .scheduler(scheduler).build();
            VerificationStart start = rpc.beginVerification();
            CompletableFuture<?> waiting = rpc.awaitVerificationAsync(start.sessionId());
            scheduler.awaitTimerKept();

            ClientShutdown shutdown = new ClientShutdown(Duration.ofSeconds(1));
            shutdown.closeAtShutdown(rpc);
            GenericApplicationContext context = new GenericApplicationContext();
            context.refresh();
            context.close(); // the shutdown acts for a closing context only
            shutdown.setApplicationContext(context);

            Throwable thrown = catchThrowable(shutdown::stop);

            assertThat(waiting).as("the client was closed").isDone();
            assertThat(catchThrowable(rpc::close)).as("Spring's destroyMethod close, second: nothing more to throw").isNull();
            assertThat(thrown).as("what the client's close threw").isInstanceOf(IllegalStateException.class)
                    .hasMessage("the application's timer pool is shut down");
        }
    }
}
