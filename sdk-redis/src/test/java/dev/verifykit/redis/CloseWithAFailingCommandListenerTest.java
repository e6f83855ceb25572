package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.testing.Await;
import dev.verifykit.testing.Background;
import dev.verifykit.webhook.ReplayGuard;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * "Nothing is lost on a background thread" for the undo a close sends: the close of a guard whose
 * claim waits for a frozen Redis ends the claim's wait and sends its release ({@code EVAL}), through
 * the application's Lettuce client, whose {@code CommandListener} runs on the closing thread as the
 * command is sent. What a listener throws there was caught when a {@code RuntimeException} (the release
 * not sent, logged) but an {@code Error} (an {@code ExceptionInInitializerError} of the listener's
 * class, a {@code StackOverflowError}) went out of {@code close()} in the middle of it: the waits
 * after that one were not ended, and the owned connection was never closed. A close that began while
 * the claim was being handed to Lettuce has the claim's thread send the release: the Error went out of
 * the claim instead of its {@code StoreUnavailableException}, before the close waiting for the
 * hand-over was told, which then waited out the command timeout. Either way the close now goes on.
 */
class CloseWithAFailingCommandListenerTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration PATIENT = Duration.ofMinutes(2);
    private static final String NAME = "verifykit-guard-under-test";

    /** The application's listener: tells the claim sent, and fails with an Error on the release while {@link #failing}. */
    private static final class FailingListener implements CommandListener {
        final CountDownLatch claimSent = new CountDownLatch(1);
        volatile boolean failing;
        volatile int failed;

        @Override
        public void commandStarted(CommandStartedEvent event) {
            if (!failing) {
                return;
            }
            String type = event.getCommand().getType().toString();
            if (type.equals("EVALSHA")) {
                claimSent.countDown();
            } else if (type.equals("EVAL")) {
                failed++;
                throw new ExceptionInInitializerError("the listener's metrics class failed to initialize");
            }
        }
    }

    @Test
    void anErrorOfTheListenerAsTheCloseSendsAnUndoLeavesTheGuardClosed() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            RedisClient client = RedisClient.create(RedisURI.builder(server.uri()).withClientName(NAME).build());
            FailingListener listener = new FailingListener();
            client.addListener(listener);
            RedisClient adminClient = server.client();
            try (StatefulRedisConnection<String, String> admin = adminClient.connect()) {
                RedisReplayGuard guard = RedisReplayGuard.builder(client).commandTimeout(PATIENT).build();
                assertThat(guard.claim("delivery/warm", NOW).kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);

                Throwable thrown;
                CompletableFuture<Throwable> claim;
                try (RedisServerProcess.Frozen frozen = server.freeze()) {
                    listener.failing = true;
                    claim = Background.supply(() -> catchThrowable(() -> guard.claim("delivery/1", NOW)));
                    assertThat(listener.claimSent.await(30, TimeUnit.SECONDS)).as("the claim was sent").isTrue();
                    thrown = catchThrowable(guard::close); // ends the claim's wait, sends its release
                    assertThat(claim.get(30, TimeUnit.SECONDS)).as("the claim's end").isInstanceOf(StoreUnavailableException.class);
                }

                assertThat(listener.failed).as("releases the listener failed").isEqualTo(1);
                assertThat(thrown).as("what close() threw").isNull();
                // the claim answered once thawed, the owned connection is closed
                Await.awaitTrue(() -> !admin.sync().clientList().contains("name=" + NAME));
            } finally {
                client.shutdown();
                adminClient.shutdown();
            }
        }
    }
}
