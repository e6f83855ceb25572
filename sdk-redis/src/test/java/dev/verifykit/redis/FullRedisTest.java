package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.GuardrailStore.CreateRules;
import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.webhook.ReplayGuard;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * README, "When Redis loses its data": a Redis full under {@code maxmemory-policy noeviction}
 * refuses what would add data: a create's or a read's start and a webhook claim fail with
 * {@code StoreUnavailableException} (sending nothing; {@code handle} answers 503), while the reports
 * of ends, which free a read or a token first, are still recorded; a handled delivery's record is
 * refused too (logged by the verifier), so its claim stays until the claim timeout.
 */
class FullRedisTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration PATIENT = Duration.ofSeconds(30);
    private static final ReadRules READS = ReadRules.of(Duration.ofSeconds(2), 60, Duration.ofMinutes(2), HOUR);

    @Test
    void aFullRedisRefusesStartsClaimsAndRecordsButNotTheEndsOfReads() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            RedisClient client = redis.client();
            try (StatefulRedisConnection<String, String> admin = client.connect();
                    StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
                    // no cool-down: each refusal below is Redis's own, not the store's after a failure
                    RedisGuardrailStore store = RedisGuardrailStore.builder(connection).commandTimeout(PATIENT)
                            .coolDown(Duration.ZERO).build();
                    RedisReplayGuard guard = RedisReplayGuard.builder(connection).commandTimeout(PATIENT)
                            .coolDown(Duration.ZERO).build()) {
                ReadStart started = store.startRead("0123abcd", "vsn_A1", READS);
                assertThat(started.kind()).isEqualTo(ReadStart.Kind.STARTED);
                ReplayGuard.Claim handling = guard.claim("event/ver_1/verification.completed", Instant.EPOCH);
                assertThat(handling.kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);

                admin.sync().configSet("maxmemory-policy", "noeviction");
                admin.sync().configSet("maxmemory", "1"); // below what Redis already uses: full

                assertThatThrownBy(() -> store.startCreate("0123abcd", "c1",
                        CreateRules.of(6, Duration.ofSeconds(10), Duration.ofMinutes(2))))
                        .isInstanceOf(StoreUnavailableException.class);
                assertThatThrownBy(() -> store.startRead("0123abcd", "vsn_B2", READS))
                        .isInstanceOf(StoreUnavailableException.class);
                assertThatThrownBy(() -> guard.claim("event/ver_2/verification.completed", Instant.EPOCH))
                        .isInstanceOf(StoreUnavailableException.class);
                assertThatThrownBy(() -> guard.commit(handling, Instant.EPOCH))
                        .isInstanceOf(StoreUnavailableException.class);

                store.readArrived("0123abcd", "vsn_A1", started.readId(), Duration.ZERO);
                assertThat(admin.sync().hget("verifykit:dock:0123abcd:session:vsn_A1", "inflight"))
                        .as("the end of the read was recorded").isNull();
                assertThat(admin.sync().hget("verifykit:dock:0123abcd:session:vsn_A1", "last"))
                        .as("and its arrival, which spaces the next read").isNotNull();

                connection.sync().ping(); // after the record the guard sends again on the same connection
                String key = admin.sync().keys("verifykit:webhook:*").get(0);
                assertThat(admin.sync().get(key)).as("the delivery handled is still only claimed").startsWith("C:");
            } finally {
                client.shutdown();
            }
        }
    }
}
