package dev.verifykit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.testing.JitterProxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The create bucket kept at the server whatever the network: creates from several threads through
 * a proxy that delays every request and answer by a random 0–500 ms, against a bucket of 2 refilled
 * every 300 ms on both sides. Dock's bucket (the mock's) counts arrivals; a create that left early
 * can arrive late, next to one sent a refill later. The mock refuses none.
 */
@Timeout(120)
class CreateJitterTest {
    private static final int BURST = 2;
    private static final Duration REFILL = Duration.ofMillis(300);
    private static final int THREADS = 4;
    private static final int CREATES_EACH = 6;

    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().createBurst(BURST).createRefill(REFILL).build()).build());
    private JitterProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        mock.close();
    }

    @Test
    void noCreateIsRefusedThroughAJitteryNetwork() throws Exception {
        proxy = new JitterProxy(URI.create(mock.dockBaseUrl()).getPort(), 500);
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free")
                .baseUrl("http://127.0.0.1:" + proxy.port() + "/dock")
                .guardrails(DockGuardrails.builder().createBurst(BURST).createRefill(REFILL).build())
                .createTokenWait(Duration.ofMinutes(1)).maxRetries(0).build()) {
            ExecutorService creators = Executors.newFixedThreadPool(THREADS);
            List<CompletableFuture<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < CREATES_EACH; i++) {
                        try {
                            dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                                    .clientId("jitter-" + thread + "-" + i).build());
                        } catch (RuntimeException e) {
                            failures.add(e.toString());
                        }
                    }
                }, creators));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(100, TimeUnit.SECONDS);
            creators.shutdown();
        }

        List<MockJournalEntry> creates = mock.journal().entries().stream()
                .filter(e -> e.method().equals("POST") && e.path().equals("/dock/v2/sessions")).toList();
        System.out.println("create jitter: " + creates.size() + " creates through " + proxy.chunksDelayed()
                + " delayed chunks, " + creates.stream().filter(e -> e.status() == 429).count() + " refused");
        assertThat(creates).as("refusals by the mock, which counts arrivals").allSatisfy(e -> assertThat(e.status()).isNotEqualTo(429));
        assertThat(failures).isEmpty();
        assertThat(creates).hasSize(THREADS * CREATES_EACH);
    }
}
