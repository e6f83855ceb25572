package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.dock.GuardrailStore.CreateRules;
import dev.verifykit.dock.GuardrailStore.CreateStart;
import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import io.lettuce.core.RedisClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.embedded.core.ExecutableProvider;

/**
 * A Redis that replicates a Lua script whole, by its text, rather than by the writes it made (Redis
 * 4's only mode; Redis 5 and 6 with {@code lua-replicate-commands no}) refuses a write that follows
 * {@code TIME} in a script ("Write commands not allowed after non deterministic commands"). The
 * guardrail store's scripts read {@code TIME} before they write, so on such a Redis every create
 * and every read failed with {@code StoreUnavailableException} (creates fail closed: none was ever
 * sent), though Redis was up. They switch to replicating their writes first now. Run on the Redis 6.2
 * shipped in embedded-redis, which takes the option (Redis 7 dropped it: always by effects).
 */
class WholeScriptReplicationTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void theGuardrailStoreWorksOnARedisReplicatingScriptsWhole() throws Exception {
        Path embedded = ExecutableProvider.newJarResourceProvider().get().toPath();
        try (RedisServerProcess server = RedisServerProcess.start(embedded, "--lua-replicate-commands", "no")) {
            RedisClient client = server.client();
            try (RedisGuardrailStore store = RedisGuardrailStore.builder(client).commandTimeout(SharedRedis.PATIENT)
                    .coolDown(Duration.ZERO).build()) {
                CreateRules creates = CreateRules.of(1, HOUR, Duration.ofMinutes(2));
                assertThat(store.startCreate("0123abcd", "c1", creates)).as("the bucket's one token").isZero();
                store.createArrived("0123abcd", "c1", creates);
                assertThat(store.startCreate("0123abcd", "c2", creates)).as("the token taken").isPositive();
                store.createsRefused("0123abcd", creates, Duration.ofMinutes(1), GuardrailStore.NO_DEADLINE);
                assertThat(store.tryStartCreate("0123abcd", "c3", creates, GuardrailStore.NO_DEADLINE).kind())
                        .isEqualTo(CreateStart.Kind.REFUSED);

                ReadRules reads = ReadRules.of(HOUR, 60, Duration.ofMinutes(2), HOUR);
                ReadStart first = store.startRead("0123abcd", "vsn_A1", reads);
                assertThat(first.kind()).isEqualTo(ReadStart.Kind.STARTED);
                store.readArrived("0123abcd", "vsn_A1", first.readId(), Duration.ZERO);
                ReadStart second = store.startRead("0123abcd", "vsn_A1", reads);
                assertThat(second.kind()).as("an hour from the first read's arrival").isEqualTo(ReadStart.Kind.WAIT);
                assertThat(second.behindReadInFlight()).as("the first read ended").isFalse();
            } finally {
                client.shutdown();
            }
        }
    }
}
