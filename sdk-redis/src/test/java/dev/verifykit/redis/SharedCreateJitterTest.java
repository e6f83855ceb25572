package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.testing.Contention;
import dev.verifykit.testing.JitterProxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Dock's create bucket kept across instances whatever the network: four clients with one API key,
 * each with its own {@link RedisGuardrailStore} on one Redis, create as fast as they may through a
 * proxy that delays every request and answer by a random 0–500 ms, against a bucket of 2 refilled
 * every 300 ms on both sides. The mock counts creates when they arrive; one instance's create that
 * left early can arrive late, next to another instance's sent a refill later. The mock refuses none.
 */
@Timeout(120)
class SharedCreateJitterTest {
    private static final int BURST = 2;
    private static final Duration REFILL = Duration.ofMillis(300);
    private static final int INSTANCES = 4;
    private static final int CREATES_EACH = 6;

    @Test
    void instancesSharingTheStoreDrawNoRefusalThroughAJitteryNetwork() throws Exception {
        String namespace = SharedRedis.namespace();
        List<String> failures = new CopyOnWriteArrayList<>();
        List<AutoCloseable> open = new ArrayList<>();
        try (MockServer mock = MockServer.start(MockSettings.builder()
                        .dock(DockSettings.builder().createBurst(BURST).createRefill(REFILL).build()).build());
                JitterProxy proxy = new JitterProxy(URI.create(mock.dockBaseUrl()).getPort(), 500)) {
            List<DockClient> clients = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                RedisGuardrailStore store = RedisGuardrailStore.builder(SharedRedis.client()).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build();
                DockClient dock = DockClient.builder().apiKey("dock_test_free")
                        .baseUrl("http://127.0.0.1:" + proxy.port() + "/dock").guardrailStore(store)
                        .guardrails(DockGuardrails.builder().createBurst(BURST).createRefill(REFILL).build())
                        .createTokenWait(Duration.ofMinutes(1)).maxRetries(0).build();
                open.add(store);
                open.add(dock);
                clients.add(dock);
            }
            AtomicInteger instance = new AtomicInteger();
            Contention.run(INSTANCES, () -> {
                int number = instance.getAndIncrement();
                for (int i = 0; i < CREATES_EACH; i++) {
                    try {
                        clients.get(number).sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                                .clientId("jitter-" + number + "-" + i).build());
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
                return null;
            });

            List<MockJournalEntry> creates = mock.journal().entries().stream()
                    .filter(e -> e.method().equals("POST") && e.path().equals("/dock/v2/sessions")).toList();
            System.out.println("shared create jitter: " + creates.size() + " creates through " + proxy.chunksDelayed()
                    + " delayed chunks, " + creates.stream().filter(e -> e.status() == 429).count() + " refused");
            assertThat(creates).as("refusals by the mock, which counts arrivals")
                    .allSatisfy(e -> assertThat(e.status()).isNotEqualTo(429));
            assertThat(failures).isEmpty();
            assertThat(creates).hasSize(INSTANCES * CREATES_EACH);
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }
}
