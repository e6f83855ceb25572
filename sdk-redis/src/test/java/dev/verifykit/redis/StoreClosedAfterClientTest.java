package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.mock.MockServer;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * README ("close() is final"): "With a guardrail store of your own (Redis), the report that a read or
 * a create the close ended is over still reaches the store, sent without waiting for its answer, so
 * that other instances can read that session (or take that token) at once". An application shutting
 * down closes the client, then the store it gave the client (try-with-resources' order, Spring's
 * destroy order: dependents first). {@code DockClient.close()} returned before the report was made
 * (an asynchronous wait's read was reported on the wait threads, a blocking wait's on its waiting
 * thread), and the store's close, right after, refused it: the session stayed "in flight" in Redis
 * for every other instance until the read's lease ended (2 minutes of a 5-minute session by
 * default). The close now makes the report itself, sent without waiting for Redis.
 */
class StoreClosedAfterClientTest {
    private static final String KEY = "dock_test_free";
    private static final String PID = "PID-FREE0001";

    @Test
    void theReadAClientsCloseEndedIsReportedWhenItsStoreIsClosedRightAfterIt() throws Exception {
        String namespace = SharedRedis.namespace();
        HeldExecutor waitThreads = new HeldExecutor();
        try (MockServer mock = MockServer.start();
                StatefulRedisConnection<String, String> admin = SharedRedis.client().connect()) {
            RedisGuardrailStore store = RedisGuardrailStore.builder(SharedRedis.client()).namespace(namespace)
                    .commandTimeout(SharedRedis.PATIENT).build();
            DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl()).guardrailStore(store)
                    .waitExecutor(waitThreads).build();
            String id = dock.sessions().create(CreateSessionParams.builder().pid(PID).clientId("user-1").build()).id();
            String sessionKey = namespace + ":dock:" + account(KEY) + ":session:" + id;
            dock.sessions().awaitCompletionAsync(id);
            for (int i = 0; i < 600 && mock.dock().heldLongPolls() == 0; i++) {
                Thread.sleep(50); // a bound on getting there, not a measure of speed
            }
            assertThat(mock.dock().heldLongPolls()).as("the wait's long-poll is held by Dock").isEqualTo(1);
            assertThat(admin.sync().hget(sessionKey, "inflight")).as("its read is in flight in Redis").isNotNull();

            waitThreads.hold(); // the wait threads are busy for a moment (any scheduling delay does the same)
            dock.close();
            store.close(); // the application's shutdown: the client first, then the store it was given
            waitThreads.runHeld();

            String inflight = admin.sync().hget(sessionKey, "inflight");
            for (int i = 0; i < 600 && inflight != null; i++) {
                Thread.sleep(50); // a report is sent without waiting: a bound on Redis running it, not a measure
                inflight = admin.sync().hget(sessionKey, "inflight");
            }
            assertThat(inflight).as("the read the close ended, still in flight in Redis until its lease ends"
                    + " (Redis TIME, us: %s), holding the session from every other instance",
                    admin.sync().hget(sessionKey, "until")).isNull();
        } finally {
            waitThreads.shutdownNow();
        }
    }

    /** The client's name of an API key in a store: the first 16 bytes of its SHA-256, in hex. */
    private static String account(String apiKey) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    /** An application's executor that runs its tasks on daemon threads, or keeps them while held. */
    private static final class HeldExecutor extends AbstractExecutorService {
        private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "app-wait-thread");
            thread.setDaemon(true);
            return thread;
        });
        private final List<Runnable> held = new ArrayList<>();
        private boolean holding;

        synchronized void hold() {
            holding = true;
        }

        /** Runs the tasks kept so far, here, and keeps holding later ones. */
        void runHeld() {
            List<Runnable> tasks;
            synchronized (this) {
                tasks = new ArrayList<>(held);
                held.clear();
            }
            tasks.forEach(Runnable::run);
        }

        @Override
        public void execute(Runnable command) {
            synchronized (this) {
                if (holding) {
                    held.add(command);
                    return;
                }
            }
            threads.execute(command);
        }

        @Override
        public void shutdown() {
            threads.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return threads.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return threads.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return threads.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return threads.awaitTermination(timeout, unit);
        }
    }
}
