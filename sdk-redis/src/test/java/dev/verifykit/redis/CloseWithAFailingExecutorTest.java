package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.testing.Await;
import dev.verifykit.webhook.ReplayGuard;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * "Nothing is lost on a background thread" for the close of a store owning its connection: with a
 * follow-up still unanswered (an extension sent without waiting, Redis frozen), the close bounds its
 * wait for it with a timer on the Lettuce client's executor, the application's. An executor that
 * cannot start its thread throws an {@code Error} ({@code OutOfMemoryError: unable to create native
 * thread}), not the {@code RejectedExecutionException} of one shut down: it went out of
 * {@code close()}, and the connection, whose close was to follow the timer, was never closed. The
 * close now closes it at once, as with an executor shut down, and logs the Error.
 */
class CloseWithAFailingExecutorTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final String NAME = "verifykit-store-under-test";

    /** The application's executor, whose timers fail with an Error while {@link #failing}. */
    private static final class FailingTimers extends DefaultEventExecutorGroup {
        volatile boolean failing;
        volatile int refused;

        FailingTimers() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            refuseWhileFailing();
            return super.schedule(command, delay, unit);
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            refuseWhileFailing();
            return super.schedule(callable, delay, unit);
        }

        private void refuseWhileFailing() {
            if (failing) {
                refused++;
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource limits reached");
            }
        }
    }

    @Test
    void anErrorOfTheExecutorBoundingTheCloseStillClosesTheConnection() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            FailingTimers timers = new FailingTimers();
            ClientResources resources = ClientResources.builder().eventExecutorGroup(timers).build();
            RedisClient client = RedisClient.create(resources, RedisURI.builder(server.uri()).withClientName(NAME).build());
            RedisClient adminClient = server.client();
            try (StatefulRedisConnection<String, String> admin = adminClient.connect()) {
                RedisReplayGuard guard = RedisReplayGuard.builder(client).build();
                ReplayGuard.Claim claim = guard.claim("delivery/one", NOW);
                assertThat(claim.kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
                assertThat(admin.sync().clientList()).contains("name=" + NAME);

                Throwable thrown;
                try (RedisServerProcess.Frozen frozen = server.freeze()) {
                    guard.extend(claim, NOW); // sent without waiting: unanswered while Redis is frozen
                    timers.failing = true;
                    thrown = catchThrowable(guard::close);
                    timers.failing = false;
                }

                assertThat(timers.refused).as("timers refused").isEqualTo(1);
                assertThat(thrown).as("what close() threw").isNull();
                // the owned connection is closed (Redis, thawed, sees it gone)
                Await.awaitTrue(() -> !admin.sync().clientList().contains("name=" + NAME));
            } finally {
                client.shutdown();
                adminClient.shutdown();
                resources.shutdown();
            }
        }
    }
}
