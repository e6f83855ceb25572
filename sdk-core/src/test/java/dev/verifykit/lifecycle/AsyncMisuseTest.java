package dev.verifykit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An integrator's code may complete the future of an asynchronous wait itself ({@code complete},
 * {@code completeExceptionally}, say from a timeout of its own): the wait then ends as if it were
 * cancelled. Before, its long-poll went on being held (up to 25 s) and kept the session's read
 * turn, so the session's next read waited for it (and one with a shorter timeout failed).
 */
class AsyncMisuseTest {
    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).build()).build());

    @AfterEach
    void stop() {
        mock.close();
    }

    /**
     * One case per run, each against a fresh mock: the mock holds a long-poll whose client went away
     * until its 25 s pass, so a second wait in the same mock found {@code heldLongPolls() == 1} before
     * its own long-poll arrived (the check proved nothing), or 2 once it had (the check failed).
     */
    @ParameterizedTest(name = "completed exceptionally: {0}")
    @ValueSource(booleans = {false, true})
    void aWaitCompletedByItsCallerStopsItsLongPollAndFreesTheSessionsTurn(boolean exceptionally) throws Exception {
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).holdSpread(Duration.ZERO).build())
                .build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id());
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (mock.dock().heldLongPolls() == 0 && System.nanoTime() < giveUp) {
                Thread.sleep(10); // until the long-poll is held, however long it takes to arrive
            }
            assertThat(mock.dock().heldLongPolls()).as("the 25-s long-poll is held").isEqualTo(1);

            if (exceptionally) {
                wait.completeExceptionally(new IllegalStateException("the caller's own timeout"));
            } else {
                wait.complete(session);
            }

            // the long-poll's 25-s hold would outlast this read's 10-s timeout
            DockSession read = dock.sessions().retrieve(session.id(),
                    RequestOptions.builder().timeout(Duration.ofSeconds(10)).build());
            assertThat(read.id()).isEqualTo(session.id());
        }
    }

    /**
     * The stages an integrator chains on a wait's future run on the thread that completes it, which
     * may be the client's timer (here: the wait's read passed its timeout, found by the timer). A
     * slow stage holds up only the worker thread it runs on. Before, it ran on the client's one timer
     * thread and stopped it: another call's deadline was not kept (a 1-s read answered 5 s late
     * returned the session after 5 s instead of failing at 1 s), and no wait was polled again.
     */
    @Test
    void aSlowStageOnAWaitsFutureDoesNotStopTheClientsTimer() throws Exception {
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).holdSpread(Duration.ZERO).build())
                .build()) {
            DockSession a = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("a").build());
            DockSession b = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("b").build());
            CountDownLatch inStage = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(a.id(),
                    WaitOptions.builder().maxConsecutiveFailures(0).build(),
                    RequestOptions.builder().timeout(Duration.ofMillis(500)).build());
            wait.whenComplete((session, error) -> {
                inStage.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS); // the integrator's slow work
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                assertThat(inStage.await(10, TimeUnit.SECONDS)).as("the wait failed at its read's timeout").isTrue();

                // the read's answer comes 30 s late (a retrieve's hold ends before its timeout, so it is the answer
                // that is late): far past the 1-s timeout, so that a timer merely slow on a loaded machine (with an
                // answer 5 s late, a timer that ran 4 s late) still ends the read first
                mock.faults().add("GET", "/dock/v2/sessions/" + b.id(), MockFault.delayHead(Duration.ofSeconds(30)), 1);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> dock.sessions().retrieve(b.id(),
                        RequestOptions.builder().timeout(Duration.ofSeconds(1)).maxRetries(0).build()))
                        .as("an answer 30 s late under a 1-s timeout").isInstanceOf(VerifyKitException.class);
            } finally {
                release.countDown();
            }
        }
    }
}
