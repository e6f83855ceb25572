package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.http.RetryPolicy;
import dev.verifykit.testing.Background;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * README "close() is final ... a call sleeping in the client ... a call waiting for your
 * guardrail store's answer" is woken. A blocking create whose answer came (a 200, or Dock's 429)
 * then tells the store (createArrived; after a 429 also createsRefused). Those store calls are
 * not made through ClientLifecycle.interruptibly, so a close did not end a create stalled in
 * them: the caller's thread waited for the store (up to a Redis store's command timeout) after
 * close() returned.
 */
class CloseEndsStoreReportsTest {
    private static final long PATIENCE_SECONDS = 20;

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final Stalling store = new Stalling(GuardrailStore.inMemory(Scheduler.system()));
    private DockClient dock;

    @AfterEach
    void close() {
        store.release.countDown();
        if (dock != null) {
            dock.close();
        }
    }

    @Test
    void closeEndsACreateStalledInTheStoreWhileRecordingDocksRefusal() throws Exception {
        store.stallRefusals = true;
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
                .setHeader("Retry-After", "5").body(RetryAfterObeyedTest.REFUSED).build());
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .retryPolicy(RetryPolicy.none()).guardrailStore(store).build();
        CompletableFuture<Throwable> create = failureOf(() -> dock.sessions().create(RetryAfterObeyedTest.PARAMS));
        assertThat(store.entered.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("stalled in createsRefused").isTrue();

        dock.close();

        assertThat(create).as("the create after close(), its thread still in the store").succeedsWithin(
                Duration.ofSeconds(PATIENCE_SECONDS));
    }

    @Test
    void closeEndsACreateStalledInTheStoreWhileRecordingItsArrival() throws Exception {
        store.stallArrivals = true;
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(RetryAfterObeyedTest.PENDING).build());
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .retryPolicy(RetryPolicy.none()).guardrailStore(store).build();
        CompletableFuture<Throwable> create = failureOf(() -> dock.sessions().create(RetryAfterObeyedTest.PARAMS));
        assertThat(store.entered.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("stalled in createArrived").isTrue();

        dock.close();

        assertThat(create).as("the create after close(), its thread still in the store").succeedsWithin(
                Duration.ofSeconds(PATIENCE_SECONDS));
    }

    /**
     * A blocking retrieve answered by Dock tells the store its read arrived (readArrived) on the
     * caller's thread, again outside ClientLifecycle.interruptibly: close() leaves it there.
     */
    @Test
    void closeEndsABlockingRetrieveStalledInTheStoreWhileRecordingItsArrival() throws Exception {
        store.stallReads = true;
        String id = "vsn_REVIEWreviewREVIEW0001";
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"status\":200,\"data\":{\"id\":\"" + id + "\",\"pid\":\"PID-ABC12345\","
                        + "\"clientId\":\"user_123\",\"status\":\"pending\",\"expiresAt\":\"2099-01-01T00:05:00.000Z\","
                        + "\"verifyUrl\":\"https://api.docksys.xyz/v2/verifications/discord?sid=" + id + "\","
                        + "\"reusedExisting\":false},\"meta\":{\"requestId\":\"req_1\",\"version\":\"2.0.0\"},"
                        + "\"timestamp\":\"2026-05-07T00:00:00.000Z\"}").build());
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .retryPolicy(RetryPolicy.none()).guardrailStore(store).build();
        CompletableFuture<Throwable> read = failureOf(() -> dock.sessions().retrieve(id));
        assertThat(store.entered.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("stalled in readArrived").isTrue();

        dock.close();

        assertThat(read).as("the retrieve after close(), its thread still in the store").succeedsWithin(
                Duration.ofSeconds(PATIENCE_SECONDS));
    }

    private static CompletableFuture<Throwable> failureOf(Runnable call) {
        return Background.supply(() -> {
            try {
                call.run();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
    }

    /** The in-memory store, stalling (until interrupted or released) where told to. */
    private static final class Stalling extends ForwardingGuardrailStore {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean stallRefusals;
        volatile boolean stallArrivals;
        volatile boolean stallReads;

        Stalling(GuardrailStore inner) {
            super(inner);
        }

        @Override
        public void createArrived(String account, String createId, CreateRules rules) {
            if (stallArrivals) {
                stall();
            }
            super.createArrived(account, createId, rules);
        }

        @Override
        public void createsRefused(String account, CreateRules rules, Duration hold, Duration timeLeft) {
            if (stallRefusals) {
                stall();
            }
        }

        @Override
        public void readArrived(String account, String sessionId, String readId, Duration ago) {
            if (stallReads) {
                stall();
            }
            super.readArrived(account, sessionId, readId, ago);
        }

        private void stall() {
            entered.countDown();
            try {
                release.await(); // a store stops at an interrupt, as GuardrailStore asks
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
