package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockPlan;
import dev.verifykit.error.NotFoundException;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.testing.Contention;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two Dock clients with one API key, each with its own {@link RedisGuardrailStore} on one Redis,
 * against the reference mock with shrunk guardrails (a create bucket of 2 refilling every 300 ms,
 * 100 ms between a session's reads): creating (10 sessions) and reading (12 reads of one session
 * from 4 threads) as fast as they may, they draw no 429, as the mock's journal shows.
 */
class SharedDockLimitsTest {
    private static final String KEY = "dock_test_free";
    private static final String PID = "PID-FREE0001";
    private static final Duration REFILL = Duration.ofMillis(300);
    private static final Duration INTERVAL = Duration.ofMillis(100);

    @Test
    void twoClientsSharingTheRedisStoreDrawNoRefusal() throws Exception {
        String namespace = SharedRedis.namespace();
        try (MockServer mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().createBurst(2)
                        .createRefill(REFILL).minPollInterval(INTERVAL).build()).build());
                RedisGuardrailStore firstStore = RedisGuardrailStore.builder(SharedRedis.client()).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build();
                RedisGuardrailStore secondStore = RedisGuardrailStore.builder(SharedRedis.client()).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build();
                DockClient first = client(mock, firstStore);
                DockClient second = client(mock, secondStore)) {
            warmUp(first, mock);
            warmUp(second, mock);
            // the first create alone: its arrival starts the mock's bucket (see RedisGuardrailStore's refill margin)
            first.sessions().create(CreateSessionParams.builder().pid(PID).clientId("first").build());
            AtomicInteger turn = new AtomicInteger();
            Contention.run(4, () -> {
                DockClient dock = turn.getAndIncrement() % 2 == 0 ? first : second;
                for (int i = 0; i < 2; i++) {
                    dock.sessions().create(CreateSessionParams.builder().pid(PID).clientId("user-" + turn + "-" + i).build());
                }
                return null;
            });
            String id = first.sessions().create(CreateSessionParams.builder().pid(PID).clientId("reader").build()).id();
            AtomicInteger reader = new AtomicInteger();
            Contention.run(4, () -> {
                DockClient dock = reader.getAndIncrement() % 2 == 0 ? first : second;
                for (int i = 0; i < 3; i++) {
                    dock.sessions().retrieve(id);
                }
                return null;
            });

            List<MockJournalEntry> creates = mock.journal().entries().stream()
                    .filter(e -> e.method().equals("POST") && e.path().equals("/dock/v2/sessions")
                            && !e.body().contains("warm-up")).toList();
            List<MockJournalEntry> reads = mock.journal().entries().stream()
                    .filter(e -> e.method().equals("GET") && e.path().equals("/dock/v2/sessions/" + id)).toList();
            assertThat(creates).hasSize(10).allSatisfy(e -> assertThat(e.status()).as("create status").isBetween(200, 299));
            assertThat(reads).hasSize(12).allSatisfy(e -> assertThat(e.status()).as("read status").isEqualTo(200));
        }
    }

    private static DockClient client(MockServer mock, RedisGuardrailStore store) {
        return DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl()).guardrailStore(store)
                .guardrails(DockGuardrails.builder().createBurst(2).createRefill(REFILL).minPollInterval(INTERVAL).build())
                .build();
    }

    /**
     * One read of an unknown session, and a create with the mock's other key (its own bucket): the
     * process's first create is not the one that starts the bucket under test, which a cold first
     * create (classes loading) would reach late.
     */
    private static void warmUp(DockClient dock, MockServer mock) {
        try {
            dock.sessions().retrieve("vsn_warmup000000000000000");
        } catch (NotFoundException expected) {
            // the mock knows no such session
        }
        try (DockClient other = DockClient.builder().apiKey(mock.settings().dock().premiumApiKey())
                .baseUrl(mock.dockBaseUrl()).plan(DockPlan.PREMIUM).build()) {
            other.sessions().create(CreateSessionParams.builder().pid(mock.settings().dock().premiumPid())
                    .clientId("warm-up").build());
        }
    }
}
