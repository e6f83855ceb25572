package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import dev.verifykit.testing.Background;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A store result arriving after the caller gave up, across a reconnect: a read start Redis has not
 * answered when the caller's time runs out is undone by a follow-up the store sends after it. Lettuce
 * keeps an unanswered command and sends it again after a reconnect; the follow-up, sent while the
 * connection was down, is kept too and runs after it. (It was not sent while the connection was
 * down: the read, never sent to Dock, was then in flight in Redis until its lease ended.)
 */
class RedisReconnectTest {
    /**
     * An interval far longer than the test's steps, yet far shorter than the lease: a loaded machine
     * pausing between the follow-up and the next read cannot make the interval pass (the next read
     * then started, as if none had been abandoned), and a read left in flight still shows as a wait of
     * the lease.
     */
    private static final ReadRules RULES = ReadRules.of(Duration.ofMinutes(1), 60, Duration.ofMinutes(10), Duration.ofHours(1));

    @Test
    void aStartLostWithItsConnectionLeavesNoReadInFlight() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(); RespProxy proxy = new RespProxy(server.port(), false)) {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(proxy.port())
                    .withTimeout(Duration.ofSeconds(60)).build());
            RedisClient direct = server.client();
            try (RedisGuardrailStore store = RedisGuardrailStore.builder(client).commandTimeout(SharedRedis.PATIENT)
                    .coolDown(Duration.ZERO).build();
                    StatefulRedisConnection<String, String> admin = direct.connect()) {
                assertThat(store.startRead("acct", "vsn_warm", RULES, SharedRedis.PATIENT).kind())
                        .isEqualTo(ReadStart.Kind.STARTED); // the script is loaded

                proxy.losingCommands = true; // the next command on this connection is lost in the network
                CompletableFuture<Throwable> lost = Background.supply(() ->
                        catchThrowable(() -> store.startRead("acct", "vsn_lost", RULES, Duration.ofMillis(500))));
                assertThat(proxy.lost.await(30, TimeUnit.SECONDS)).as("the start was written").isTrue();
                proxy.killFirst(); // the connection drops with the start unanswered; the reconnect is slow
                Throwable failure = lost.get(30, TimeUnit.SECONDS);
                proxy.open.countDown(); // the reconnect completes

                // once the store answers again, whatever Lettuce sent again after the reconnect has run before
                ReadStart probe = null;
                for (int i = 0; i < 600 && probe == null; i++) {
                    try {
                        probe = store.startRead("acct", "vsn_probe", RULES, Duration.ofSeconds(5));
                    } catch (RuntimeException notYet) {
                        Thread.sleep(50);
                    }
                }
                Map<String, String> lostState = admin.sync().hgetall("verifykit:dock:acct:session:vsn_lost");
                ReadStart next = store.startRead("acct", "vsn_lost", RULES, SharedRedis.PATIENT);
                assertThat(failure).isInstanceOf(dev.verifykit.error.StoreUnavailableException.class);
                assertThat(probe).as("the store answers again").isNotNull();
                assertThat(lostState).as("a read the caller was told was not started").doesNotContainKey("inflight");
                // the abandoned read counts as arrived (it may have): the next one waits the interval, not the lease
                assertThat(next.kind()).isEqualTo(ReadStart.Kind.WAIT);
                assertThat(next.retryAfter()).isLessThanOrEqualTo(RULES.minInterval());
            } finally {
                client.shutdown();
                direct.shutdown();
            }
        }
    }
}
