package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.dock.GuardrailStore.CreateRules;
import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import dev.verifykit.testing.Background;
import dev.verifykit.webhook.ReplayGuard;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Lettuce is at-least-once: a command written whose answer is lost with its connection is sent again
 * after the reconnect, and its caller (still waiting, within the command timeout) gets the answer of
 * that second run. A start script run twice must answer the same: before, the second run saw the
 * first run's claim / read / token as someone else's and answered "in progress" / "wait", and the
 * first run's hold was left in Redis with no owner (a claim for the claim timeout, a read or a token
 * for the lease).
 */
class RedisReplyLostRerunTest {
    private static final Duration PATIENT = Duration.ofSeconds(30);

    @Test
    void aClaimWhoseAnswerWasLostIsStillClaimedByItsCaller() throws Exception {
        ReplayGuard.Claim claim = rerun(client -> RedisReplayGuard.builder(client).commandTimeout(PATIENT)
                .coolDown(Duration.ZERO).build(), guard -> {
                    guard.claim("warm-up", Instant.EPOCH); // the script is cached
                    return null;
                }, guard -> guard.claim("event/ver_1/verification.completed", Instant.EPOCH));
        assertThat(claim.kind()).as("the first copy of a delivery ever seen, claimed once in Redis by this very call")
                .isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
    }

    @Test
    void aReadStartWhoseAnswerWasLostIsStillStarted() throws Exception {
        ReadRules rules = ReadRules.of(Duration.ofSeconds(2), 60, Duration.ofMinutes(10), Duration.ofHours(1));
        ReadStart start = rerun(client -> RedisGuardrailStore.builder(client).commandTimeout(PATIENT)
                .coolDown(Duration.ZERO).build(), store -> store.startRead("acct", "vsn_warm", rules),
                store -> store.startRead("acct", "vsn_A1", rules));
        assertThat(start.kind()).as("the first read of a session, started once in Redis by this very call: %s", start)
                .isEqualTo(ReadStart.Kind.STARTED);
    }

    @Test
    void aCreateStartWhoseAnswerWasLostIsStillStarted() throws Exception {
        CreateRules rules = CreateRules.of(1, Duration.ofSeconds(10), Duration.ofMinutes(10));
        Duration wait = rerun(client -> RedisGuardrailStore.builder(client).commandTimeout(PATIENT)
                .coolDown(Duration.ZERO).build(), store -> store.startCreate("warm", "w", rules),
                store -> store.startCreate("acct", "c1", rules, GuardrailStore.NO_DEADLINE));
        assertThat(wait).as("the first create of a full bucket, whose token Redis gave this very call").isZero();
    }

    /**
     * Builds a store through a proxy, warms it up, then runs {@code call} with its answer lost on the
     * way back and the connection cut once Redis has run it; returns what the caller was answered.
     */
    private static <S extends AutoCloseable, T> T rerun(Function<RedisClient, S> build, Function<S, ?> warmUp,
            Function<S, T> call) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(); RespProxy proxy = new RespProxy(server.port(), true)) {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(proxy.port())
                    .withTimeout(Duration.ofSeconds(60)).build());
            RedisClient direct = server.client();
            try (S store = build.apply(client); StatefulRedisConnection<String, String> admin = direct.connect()) {
                warmUp.apply(store);
                proxy.losingAnswers = true; // the next answer on this connection is lost in the network
                CompletableFuture<T> answer = Background.supply(() -> call.apply(store));
                assertThat(proxy.lost.await(30, TimeUnit.SECONDS)).as("Redis ran the command and answered").isTrue();
                proxy.killFirst(); // the connection drops with the answer lost; Lettuce reconnects
                return answer.get(60, TimeUnit.SECONDS);
            } finally {
                client.shutdown();
                direct.shutdown();
            }
        }
    }
}
