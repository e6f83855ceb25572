package dev.verifykit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Fifty threads share one client, each creating a session, reading it twice and waiting for it
 * (half blocking, half asynchronously) while the mock completes it: with the client's guardrails
 * equal to the mock's (shrunk), the mock never refuses a create or a read, and every wait ends
 * with its own session completed.
 */
class ManyThreadsTest {
    private static final int THREADS = 50;

    @Test
    void fiftyThreadsOnOneClientKeepTheGuardrailsAndLoseNoCompletion() throws Exception {
        Duration interval = Duration.ofMillis(50);
        Duration refill = Duration.ofMillis(20);
        try (MockServer mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder()
                        .minPollInterval(interval).maxWait(Duration.ofSeconds(2)).createBurst(6).createRefill(refill).build()).build());
             DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                     .guardrails(DockGuardrails.builder().minPollInterval(interval).maxWait(Duration.ofSeconds(2))
                             .createBurst(6).createRefill(refill).build())
                     .build()) {
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<DockSession>> results = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    String clientId = "user_" + i;
                    boolean blocking = i % 2 == 0;
                    results.add(threads.submit(() -> {
                        DockSession created = dock.sessions().create(CreateSessionParams.builder()
                                .pid("PID-FREE0001").clientId(clientId).build());
                        dock.sessions().retrieve(created.id());
                        dock.sessions().retrieve(created.id());
                        mock.dock().complete(created.id());
                        return blocking ? dock.sessions().awaitCompletion(created.id())
                                : dock.sessions().awaitCompletionAsync(created.id()).get(60, TimeUnit.SECONDS);
                    }));
                }
                for (int i = 0; i < THREADS; i++) {
                    DockSession done = results.get(i).get(120, TimeUnit.SECONDS);
                    assertThat(done.status().is(DockSessionStatus.COMPLETED)).as(done.toString()).isTrue();
                    assertThat(done.result()).isPresent();
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(mock.journal().find(MockJournalQuery.all().status(429))).as("refusals by the mock").isEmpty();
            assertThat(mock.journal().find(MockJournalQuery.all().method("POST").path("/dock/v2/sessions"))).hasSize(THREADS);
        }
    }
}
