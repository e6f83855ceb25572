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
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.Callable;
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
 * asks: the session stays "in flight" for every instance for the read's lease. And likewise a report
 * or a release written, unanswered, as the connection drops, whose wait the close ends: "nothing is
 * sent again then" (RedisCalls.record, RedisReplayGuard.release), so the command Lettuce keeps for the
 * reconnect must not be dropped with the connection the close closes.
 */
class CloseWhileReconnectingTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final ReadRules RULES = ReadRules.of(Duration.ofSeconds(2), 60, Duration.ofMinutes(10), Duration.ofHours(1));
    private static final String SESSION_KEY = "verifykit:dock:acct:session:vsn_1";

    @Test
    void aClaimEndedByCloseWhileTheConnectionIsDownIsReleased() throws Exception {
        behindAProxy((proxy, client, admin) -> {
            RedisReplayGuard guard = guard(client);
            assertThat(guard.claim("delivery/warm", NOW).kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);

            proxy.losingAnswers = true; // Redis runs the claim; its answer is lost in the network
            CompletableFuture<Throwable> claim = Background.supply(() -> catchThrowable(() -> guard.claim("delivery/1", NOW)));
            assertThat(proxy.lost.await(30, TimeUnit.SECONDS)).as("Redis ran the claim and answered").isTrue();
            proxy.killFirst(); // the connection drops; Lettuce's reconnect waits for the proxy to open
            CompletableFuture<Void> closing = Background.run(guard::close); // the application shuts down meanwhile
            // the close ended the claim's wait and sent its release; Redis comes within reach again after that
            assertThat(claim.get(30, TimeUnit.SECONDS)).isInstanceOf(StoreUnavailableException.class);
            proxy.open.countDown();
            closing.get(150, TimeUnit.SECONDS);

            String key = claimKey("delivery/1");
            assertThat(awaitNull(() -> admin.get(key))).as("the claim the close ended, held by no one (ms left: %s):"
                    + " every copy gets 409", admin.pttl(key)).isNull();
        });
    }

    @Test
    void aReportSentWhileTheConnectionIsDownReachesRedisThoughTheStoreClosesRightAfter() throws Exception {
        behindAProxy((proxy, client, admin) -> {
            RedisGuardrailStore store = store(client);
            ReadStart read = store.startRead("acct", "vsn_1", RULES, Duration.ofMinutes(2));
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

            assertThat(awaitNull(() -> admin.hget(SESSION_KEY, "inflight"))).as("the read whose end was reported,"
                    + " still in flight in Redis until its lease ends: the session held from every instance").isNull();
        });
    }

    @Test
    void aReleaseWhoseWaitTheCloseEndsWhileTheConnectionIsDownStillFreesTheClaim() throws Exception {
        behindAProxy((proxy, client, admin) -> {
            RedisReplayGuard guard = guard(client);
            ReplayGuard.Claim claim = guard.claim("delivery/1", NOW);
            assertThat(claim.kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);

            proxy.losingCommands = true; // the release is lost on its way: Redis has not run it
            CompletableFuture<Throwable> release = Background.supply(() -> catchThrowable(() -> guard.release(claim)));
            assertThat(proxy.lost.await(30, TimeUnit.SECONDS)).as("the release was written").isTrue();
            proxy.killFirst(); // the connection drops, the release unanswered; the reconnect waits for the proxy to open
            guard.close(); // the application shuts down meanwhile: the close ends the release's wait
            assertThat(release.get(30, TimeUnit.SECONDS)).isInstanceOf(StoreUnavailableException.class);
            proxy.open.countDown(); // Redis within reach again

            String key = claimKey("delivery/1");
            assertThat(awaitNull(() -> admin.get(key))).as("the claim released as the guard closed, held by no one"
                    + " (ms left: %s): every copy gets 409", admin.pttl(key)).isNull();
        });
    }

    @Test
    void aReportWhoseWaitTheCloseEndsWhileTheConnectionIsDownStillReachesRedis() throws Exception {
        behindAProxy((proxy, client, admin) -> {
            RedisGuardrailStore store = store(client);
            ReadStart read = store.startRead("acct", "vsn_1", RULES, Duration.ofMinutes(2));
            assertThat(read.kind()).isEqualTo(ReadStart.Kind.STARTED);

            proxy.losingCommands = true; // the report is lost on its way: Redis has not run it
            CompletableFuture<Throwable> report = Background.supply(() -> catchThrowable(() ->
                    store.readArrived("acct", "vsn_1", read.readId(), Duration.ZERO, Duration.ofMinutes(2))));
            assertThat(proxy.lost.await(30, TimeUnit.SECONDS)).as("the report was written").isTrue();
            proxy.killFirst(); // the connection drops, the report unanswered; the reconnect waits for the proxy to open
            store.close(); // the application shuts down meanwhile: the close ends the report's wait
            assertThat(report.get(30, TimeUnit.SECONDS)).isInstanceOf(StoreUnavailableException.class);
            proxy.open.countDown(); // Redis within reach again

            assertThat(awaitNull(() -> admin.hget(SESSION_KEY, "inflight"))).as("the read whose end was reported as the"
                    + " store closed, still in flight in Redis until its lease ends: the session held from every instance")
                    .isNull();
        });
    }

    /**
     * RedisCalls.record: "once the caller's time left has passed it returns and leaves the script to
     * run when Redis gets to it". A Dock client's close reports the end of a read it ended with 1 ns
     * left (sent, not waited for); Redis does not answer it (here it never got it), the connection
     * then drops and the application closes the store right after, as the README asks: Lettuce keeps
     * the unanswered report for the reconnect, and the close of the owned connection must not drop it.
     */
    @Test
    void aReportLeftToRunAtTheCallersDeadlineReachesRedisThoughTheConnectionDropsAndTheStoreCloses() throws Exception {
        behindAProxy((proxy, client, admin) -> {
            RedisGuardrailStore store = store(client);
            ReadStart read = store.startRead("acct", "vsn_1", RULES, Duration.ofMinutes(2));
            assertThat(read.kind()).isEqualTo(ReadStart.Kind.STARTED);

            proxy.losingCommands = true; // the report is lost on its way: Redis has not run it
            // returns at once, the caller's time being up: the report is left to run when Redis gets to it
            store.readArrived("acct", "vsn_1", read.readId(), Duration.ZERO, Duration.ofNanos(1));
            assertThat(proxy.lost.await(30, TimeUnit.SECONDS)).as("the report was written").isTrue();
            proxy.killFirst(); // the connection drops, the report unanswered; the reconnect waits for the proxy to open
            store.close(); // the application shuts down right after its Dock client
            proxy.open.countDown(); // Redis within reach again

            assertThat(awaitNull(() -> admin.hget(SESSION_KEY, "inflight"))).as("the read whose end was reported"
                    + " before the store closed, still in flight in Redis until its lease ends: the session held from"
                    + " every instance").isNull();
        });
    }

    /** What runs against a fresh redis-server reached through a {@link RespProxy}, beside a direct connection. */
    private interface Case {
        void run(RespProxy proxy, RedisClient client, RedisCommands<String, String> admin) throws Exception;
    }

    private static void behindAProxy(Case body) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(); RespProxy proxy = new RespProxy(server.port(), false)) {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(proxy.port())
                    .withTimeout(Duration.ofSeconds(60)).build());
            RedisClient direct = server.client();
            try (StatefulRedisConnection<String, String> admin = direct.connect()) {
                body.run(proxy, client, admin.sync());
            } finally {
                client.shutdown();
                direct.shutdown();
            }
        }
    }

    private static RedisReplayGuard guard(RedisClient client) {
        return RedisReplayGuard.builder(client).commandTimeout(Duration.ofMinutes(2)).claimTimeout(Duration.ofMinutes(10))
                .coolDown(Duration.ZERO).build();
    }

    private static RedisGuardrailStore store(RedisClient client) {
        return RedisGuardrailStore.builder(client).commandTimeout(Duration.ofMinutes(2)).coolDown(Duration.ZERO).build();
    }

    /** {@code read}'s value once it is null, or after 30 s: a bound on a command on its way, not a measure of speed. */
    private static String awaitNull(Callable<String> read) throws Exception {
        String value = read.call();
        for (int i = 0; i < 600 && value != null; i++) {
            Thread.sleep(50);
            value = read.call();
        }
        return value;
    }

    private static String claimKey(String deliveryKey) throws Exception {
        return "verifykit:webhook:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(deliveryKey.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }
}
