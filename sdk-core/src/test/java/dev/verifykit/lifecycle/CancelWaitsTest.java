package dev.verifykit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.event.BucketWait;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.internal.CancelsWaits;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the Spring Boot starter does when its application begins to shut down ({@link CancelsWaits}):
 * the waits in progress (a blocking one, an asynchronous one, a create waiting for its create token)
 * end with {@link WaitCancelledException} at once, a wait begun later ends so at once, and single
 * calls go on working until {@code close()}.
 */
class CancelWaitsTest {
    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(5)).build())
            .build());

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void cancellingTheWaitsEndsThemAndLeavesSingleCallsWorking() throws Exception {
        CountDownLatch bucketWait = new CountDownLatch(1);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(5))
                        .createBurst(1).createRefill(Duration.ofMinutes(2)).build())
                .createTokenWait(Duration.ofMinutes(5))
                .listener(new VerifyKitListener() {
                    @Override
                    public void onCreateBucketWait(CallStart call, BucketWait wait) {
                        bucketWait.countDown();
                    }
                })
                .build();
        try {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
            CompletableFuture<DockSession> async = dock.sessions().awaitCompletionAsync(session.id());
            // threads of their own: the common pool has one thread on a 2-core machine, which the blocking wait holds
            CompletableFuture<DockSession> blocking = CompletableFuture.supplyAsync(
                    () -> dock.sessions().awaitCompletion(session.id()), threads);
            CompletableFuture<DockSession> creating = CompletableFuture.supplyAsync(() -> dock.sessions().create(
                    CreateSessionParams.builder().pid("PID-FREE0001").clientId("u2").build()), threads);
            assertThat(mock.journal().await(MockJournalQuery.all().method("GET"), 2, Duration.ofSeconds(60)))
                    .as("both waits read").hasSizeGreaterThanOrEqualTo(2);
            assertThat(bucketWait.await(60, TimeUnit.SECONDS)).as("the second create waits for its token").isTrue();

            ((CancelsWaits) dock).cancelWaits();

            for (CompletableFuture<DockSession> wait : java.util.List.of(async, blocking, creating)) {
                assertThatThrownBy(() -> wait.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(WaitCancelledException.class)
                        .cause().satisfies(e -> assertThat(((WaitCancelledException) e).clientClosed()).isFalse());
            }
            assertThatThrownBy(() -> dock.sessions().awaitCompletion(session.id()))
                    .as("a wait begun later").isInstanceOf(WaitCancelledException.class)
                    .hasMessageContaining("its application is shutting down");
            assertThat(dock.sessions().retrieve(session.id()).status().raw()).as("a single read").isEqualTo("pending");
        } finally {
            dock.close();
            threads.shutdownNow();
        }
        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_any")).isInstanceOf(ClientClosedException.class);
    }
}
