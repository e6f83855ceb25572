package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.http.RetryPolicy;
import dev.verifykit.testing.Background;
import dev.verifykit.time.Scheduler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A report made after close() (the end of a read or a create that close() itself cancelled)
 * reaches the store with its thread not interrupted. Made through ClientLifecycle.interruptibly once
 * the client was closed, the reporting thread was interrupted before the store was even called, and
 * a store that stops at an interrupt, as GuardrailStore asks and as the Redis store does, dropped
 * it: the session's read (or the create's token) stayed held for its lease (2 minutes by default)
 * for every other instance, and each close logged a WARNING. The README promises the report still
 * reaches the store, so that other instances can read that session at once.
 *
 * <p>The report is made by close() itself, before it returns. Before, it was left to a wait thread
 * (an asynchronous wait's read) or to the caller's thread once its cancelled call returned (a
 * create), after close() had returned: an application closing its store right after the client
 * (try-with-resources, Spring's destroy order) had the store refuse it, with the same effect.
 */
class ReportsAfterCloseReachTheStoreTest {
    private static final String ID = "vsn_REVIEWreviewREVIEW0002";
    private static final long PATIENCE_SECONDS = 20;

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final Recording store = new Recording(GuardrailStore.inMemory(Scheduler.system()));
    private DockClient dock;

    @AfterEach
    void close() {
        if (dock != null) {
            dock.close();
        }
    }

    @Test
    void theEndOfAWaitsReadCancelledByCloseReachesTheStoreUninterrupted() throws Exception {
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrailStore(store).build();
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(PATIENCE_SECONDS * 3, TimeUnit.SECONDS)
                .body("{}").build());
        CompletableFuture<DockSession> held = dock.sessions().awaitCompletionAsync(ID);
        assertThat(server.takeRequest(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("the long-poll, held").isNotNull();

        dock.close();

        assertThat(store.told.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("the store is told the read ended").isTrue();
        assertThat(store.interruptedWhenTold).as("the report reached the store with its thread not interrupted"
                + " (a Redis store drops an interrupted report: the session stays held for the read's lease)")
                .containsOnly(false);
        assertThat(store.toldOn).as("told by close() itself, before it returned").containsExactly(Thread.currentThread());
    }

    @Test
    void theEndOfACreateCancelledByCloseReachesTheStoreUninterrupted() throws Exception {
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .retryPolicy(RetryPolicy.none()).guardrailStore(store).build();
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(PATIENCE_SECONDS * 3, TimeUnit.SECONDS)
                .body("{}").build());
        CompletableFuture<Throwable> create = Background.supply(() -> {
            try {
                dock.sessions().create(RetryAfterObeyedTest.PARAMS);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(server.takeRequest(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("the create, held").isNotNull();

        dock.close();

        assertThat(create.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isNotNull();
        assertThat(store.told.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("the store is told the create ended").isTrue();
        assertThat(store.interruptedWhenTold).as("the report reached the store with its thread not interrupted"
                + " (a Redis store drops an interrupted report: the token stays held for the create's lease)")
                .containsOnly(false);
        assertThat(store.toldOn).as("told by close() itself, before it returned").containsExactly(Thread.currentThread());
    }

    /** The in-memory store, noting whether the thread telling it of an end was interrupted (a Redis store then drops it). */
    private static final class Recording extends ForwardingGuardrailStore {
        final CountDownLatch told = new CountDownLatch(1);
        final List<Boolean> interruptedWhenTold = new CopyOnWriteArrayList<>();
        final List<Thread> toldOn = new CopyOnWriteArrayList<>();

        Recording(GuardrailStore inner) {
            super(inner);
        }

        @Override
        void toldOfAnEnd(String report) {
            interruptedWhenTold.add(Thread.currentThread().isInterrupted());
            toldOn.add(Thread.currentThread());
            told.countDown();
        }
    }
}
