package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.testing.Background;
import dev.verifykit.webhook.ReplayGuard;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * README ("When Redis is unreachable"): {@code close()} "ends a store's calls waiting for Redis at
 * once with StoreUnavailableException, and undoes a start or a claim among them ... (its own
 * connection is closed after that undo is sent)"; RELIABILITY: "an application shutting its Lettuce
 * client down right after loses nothing". A claim Redis ran whose answer was lost with its connection,
 * the guard closed while Lettuce reconnects: the release the close sends waits in Lettuce's buffer of
 * a connection that is down, and the close of the owned connection then drops it. The claim stands,
 * held by no one, for the claim timeout: every copy of the delivery gets 409. Likewise a report a Dock
 * client's close sends without waiting (the end of a read), the store closed right after as the README
 * asks: the session stays "in flight" for every instance for the read's lease.
 */
class CloseWhileReconnectingTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aClaimEndedByCloseWhileTheConnectionIsDownIsReleased() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(); RespProxy proxy = new RespProxy(server.port(), false)) {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(proxy.port())
                    .withTimeout(Duration.ofSeconds(60)).build());
            RedisClient direct = server.client();
            try (StatefulRedisConnection<String, String> admin = direct.connect()) {
                RedisReplayGuard guard = RedisReplayGuard.builder(client).commandTimeout(Duration.ofMinutes(2))
                        .claimTimeout(Duration.ofMinutes(10)).coolDown(Duration.ZERO).build();
                assertThat(guard.claim("delivery/warm", NOW).kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);

                proxy.losingAnswers = true; // Redis runs the claim; its answer is lost in the network
                CompletableFuture<Throwable> claim = Background.supply(() ->
                        catchThrowable(() -> guard.claim("delivery/1", NOW)));
                assertThat(proxy.lost.await(30, TimeUnit.SECONDS)).as("Redis ran the claim and answered").isTrue();
                proxy.killFirst(); // the connection drops; Lettuce's reconnect waits for the proxy to open
                CompletableFuture<Void> closing = Background.run(guard::close); // the application shuts down meanwhile
                // the close ended the claim's wait and sent its release; Redis comes within reach again after that
                assertThat(claim.get(30, TimeUnit.SECONDS)).isInstanceOf(StoreUnavailableException.class);
                proxy.open.countDown();
                closing.get(150, TimeUnit.SECONDS);

                String key = "verifykit:webhook:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest("delivery/1".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 16);
                String value = admin.sync().get(key);
                for (int i = 0; i < 600 && value != null; i++) {
                    Thread.sleep(50); // a bound of 30 s on a release on its way, not a measure of speed
                    value = admin.sync().get(key);
                }
                assertThat(value).as("the claim the close ended, held by no one (ms left: %s): every copy gets 409",
                        admin.sync().pttl(key)).isNull();
            } finally {
                client.shutdown();
                direct.shutdown();
            }
        }
    }

    @Test
    void aReportSentWhileTheConnectionIsDownReachesRedisThoughTheStoreClosesRightAfter() throws Exception {
        ReadRules rules = ReadRules.of(Duration.ofSeconds(2), 60, Duration.ofMinutes(10), Duration.ofHours(1));
        try (RedisServerProcess server = RedisServerProcess.start(); RespProxy proxy = new RespProxy(server.port(), false)) {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(proxy.port())
                    .withTimeout(Duration.ofSeconds(60)).build());
            RedisClient direct = server.client();
            try (StatefulRedisConnection<String, String> admin = direct.connect()) {
                RedisGuardrailStore store = RedisGuardrailStore.builder(client).commandTimeout(Duration.ofMinutes(2))
                        .coolDown(Duration.ZERO).build();
                ReadStart read = store.startRead("acct", "vsn_1", rules, Duration.ofMinutes(2));
                assertThat(read.kind()).isEqualTo(ReadStart.Kind.STARTED);

                proxy.killFirst(); // the connection drops; Lettuce's reconnect waits for the proxy to open
                // the client's close reports the end of the read it ended, sent without waiting (1 ns left) ...
                catchThrowable(() -> store.readArrived("acct", "vsn_1", read.readId(), Duration.ZERO, Duration.ofNanos(1)));
                // ... and the application closes the store right after, as the README asks
                Thread closer = new Thread(store::close, "closer");
                closer.setDaemon(true);
                closer.start();
                // Redis comes within reach again once the close has returned or waits (a bound of 30 s on getting there)
                for (int i = 0; i < 3000 && closer.isAlive() && closer.getState() != Thread.State.TIMED_WAITING; i++) {
                    Thread.sleep(10);
                }
                proxy.open.countDown();
                closer.join(150_000);

                String key = "verifykit:dock:acct:session:vsn_1";
                String inflight = admin.sync().hget(key, "inflight");
                for (int i = 0; i < 600 && inflight != null; i++) {
                    Thread.sleep(50); // a bound of 30 s on a report on its way, not a measure of speed
                    inflight = admin.sync().hget(key, "inflight");
                }
                assertThat(inflight).as("the read whose end was reported, still in flight in Redis until its lease ends:"
                        + " the session held from every instance").isNull();
            } finally {
                client.shutdown();
                direct.shutdown();
            }
        }
    }
}
