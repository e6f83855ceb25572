package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.mock.MockServer;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * README ("close() is final"): "With a guardrail store of your own (Redis), the report that a read or
 * a create the close ended is over still reaches the store, sent without waiting for its answer, so
 * that other instances can read that session (or take that token) at once" — also when the store is
 * in its cool-down after one failed command (Redis itself healthy): the report, refused unsent then,
 * is sent again without waiting, as the replay guard's release and commit are. (It was dropped: the
 * session stayed "in flight" in Redis for the read's lease, 2 minutes of a 5-minute session, for every
 * instance.)
 */
class RedisCoolDownReportTest {
    private static final String KEY = "dock_test_free";
    private static final String PID = "PID-FREE0001";

    @Test
    void theReportOfAReadTheCloseEndedReachesRedisAlsoDuringACoolDown() throws Exception {
        String namespace = SharedRedis.namespace();
        String account = account(KEY);
        try (MockServer mock = MockServer.start();
                StatefulRedisConnection<String, String> admin = SharedRedis.client().connect();
                RedisGuardrailStore store = RedisGuardrailStore.builder(SharedRedis.client()).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).coolDown(Duration.ofMinutes(10)).build()) {
            DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl()).guardrailStore(store).build();
            String id = dock.sessions().create(CreateSessionParams.builder().pid(PID).clientId("user-1").build()).id();
            String sessionKey = namespace + ":dock:" + account + ":session:" + id;
            dock.sessions().awaitCompletionAsync(id);
            for (int i = 0; i < 600 && mock.dock().heldLongPolls() == 0; i++) {
                Thread.sleep(50); // a bound on getting there, not a measure of speed
            }
            assertThat(mock.dock().heldLongPolls()).as("the wait's long-poll is held by Dock").isEqualTo(1);
            assertThat(admin.sync().hget(sessionKey, "inflight")).as("its read is in flight in Redis").isNotNull();

            // one command of this store fails (an error answer here; a timeout does the same): its cool-down begins
            String broken = namespace + ":dock:" + account + ":session:vsn_broken";
            admin.sync().set(broken, "not a hash");
            ReadRules rules = ReadRules.of(Duration.ofSeconds(2), 60, Duration.ofMinutes(2), Duration.ofHours(1));
            assertThatThrownBy(() -> store.startRead(account, "vsn_broken", rules))
                    .isInstanceOf(StoreUnavailableException.class);

            assertThat(admin.sync().hget(sessionKey, "inflight")).as("the long-poll still held when the client closes")
                    .isNotNull();
            dock.close(); // ends the wait; its read's end is reported after the close

            String inflight = admin.sync().hget(sessionKey, "inflight");
            for (int i = 0; i < 600 && inflight != null; i++) {
                Thread.sleep(50); // the report is sent without waiting: a bound of 30 s on Redis running it
                inflight = admin.sync().hget(sessionKey, "inflight");
            }
            assertThat(inflight).as("the read the close ended, still in flight in Redis until its lease ends (Redis TIME,"
                    + " us: %s), holding the session from every other instance", admin.sync().hget(sessionKey, "until")).isNull();
        }
    }

    /** The client's name of an API key in a store: the first 16 bytes of its SHA-256, in hex. */
    private static String account(String apiKey) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }
}
