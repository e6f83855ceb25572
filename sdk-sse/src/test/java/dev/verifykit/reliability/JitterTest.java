package dev.verifykit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.testing.Background;
import dev.verifykit.testing.JitterProxy;
import dev.verifykit.mock.RobloxSettings;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.roblox.VerificationStatus;
import dev.verifykit.sse.DockSessionStreams;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guardrails kept at the server whatever the network: a proxy delays every request and answer by a
 * random 0–500 ms (requests arrive late, and bunched), and many sessions are read through it at once
 * by long-polls, streams, single reads and RPC checks. The mock, which measures arrivals, refuses
 * nothing: no interval refusal, no poll-cap refusal, no rate-limit refusal. (Paced from send times
 * plus a margin, as before, the same run drew refusals, since an earlier request arriving late
 * brings two arrivals closer than their sends.)
 */
@Timeout(120)
class JitterTest {
    private static final Duration INTERVAL = Duration.ofMillis(400);
    private static final int SESSIONS = 12;

    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(INTERVAL).maxWait(Duration.ofSeconds(2))
                    .sessionLifetime(Duration.ofSeconds(60)).streamMaxDuration(Duration.ofSeconds(3))
                    .streamRetry(Duration.ofMillis(100)).keepAlive(Duration.ofSeconds(1)).createBurst(100).build())
            .roblox(RobloxSettings.builder().checkLimit(5).checkWindow(Duration.ofSeconds(1)).build())
            .build());
    private JitterProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        mock.close();
    }

    @Test
    void noReadIsRefusedThroughAJitteryNetwork() throws Exception {
        proxy = new JitterProxy(URI.create(mock.dockBaseUrl()).getPort(), 500);
        String base = "http://127.0.0.1:" + proxy.port();
        DockGuardrails guardrails = DockGuardrails.builder().minPollInterval(INTERVAL).maxWait(Duration.ofSeconds(2))
                .sessionLifetime(Duration.ofSeconds(60)).streamMaxDuration(Duration.ofSeconds(3))
                .keepAlive(Duration.ofSeconds(1)).createBurst(100).build();
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(base + "/dock").guardrails(guardrails)
                        .build();
                RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(base + "/roblox")
                        .minCheckInterval(Duration.ofMillis(200)).checkInterval(Duration.ofMillis(200)).build()) {
            SessionStreams streams = DockSessionStreams.of(dock);
            // Created all at once (each through the proxy, as before): one after another, their
            // jittered round trips took half the test.
            List<CompletableFuture<DockSession>> creates = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                CreateSessionParams params = CreateSessionParams.builder().pid("PID-FREE0001").clientId("jitter-" + i).build();
                creates.add(Background.supply(() -> dock.sessions().create(params)));
            }
            List<CompletableFuture<VerificationStart>> begins = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                begins.add(Background.supply(rpc::beginVerification));
            }
            List<DockSession> sessions = new ArrayList<>();
            List<CompletableFuture<?>> waits = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                DockSession session = creates.get(i).get(60, TimeUnit.SECONDS);
                sessions.add(session);
                waits.add(dock.sessions().awaitCompletionAsync(session.id()));
                if (i % 2 == 0) {
                    waits.add(streams.awaitCompletionAsync(session.id()));
                }
            }
            List<VerificationStart> checks = new ArrayList<>();
            for (CompletableFuture<VerificationStart> begin : begins) {
                VerificationStart start = begin.get(60, TimeUnit.SECONDS);
                checks.add(start);
                waits.add(rpc.awaitVerificationAsync(start.sessionId()));
            }
            // Single reads beside the waits, session by session in parallel: each shares its session's gate.
            java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(16);
            List<CompletableFuture<?>> reads = new ArrayList<>();
            for (DockSession session : sessions) {
                reads.add(CompletableFuture.runAsync(() -> {
                    for (int round = 0; round < 2; round++) {
                        dock.sessions().retrieve(session.id());
                    }
                }, readers));
            }
            for (VerificationStart start : checks) {
                reads.add(CompletableFuture.runAsync(() -> {
                    for (int round = 0; round < 3; round++) {
                        assertThat(rpc.checkVerification(start.sessionId())).isInstanceOf(VerificationStatus.Pending.class);
                    }
                }, readers));
            }
            CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            readers.shutdown();
            for (DockSession session : sessions) {
                mock.dock().complete(session.id());
            }
            for (int i = 0; i < checks.size(); i++) {
                mock.roblox().complete(checks.get(i).code(), String.valueOf(1000 + i));
            }
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        }

        List<MockJournalEntry> refused = mock.journal().entries().stream().filter(e -> e.status() == 429).toList();
        System.out.println("jitter: " + mock.journal().entries().size() + " requests through " + proxy.chunksDelayed()
                + " delayed chunks, " + refused.size() + " refused");
        assertThat(refused).as("refusals by the mock, which measures arrivals").isEmpty();
        assertThat(mock.journal().entries().size()).as("requests made").isGreaterThan(SESSIONS * 4);
        assertThat(proxy.chunksDelayed()).as("chunks the proxy delayed").isGreaterThan(SESSIONS * 4);
    }
}
