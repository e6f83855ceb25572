package dev.verifykit.reliability;

import dev.verifykit.dock.SessionStreams;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.testing.DockInternals;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.sse.DockSessionStreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One Dock client shared by many threads against the reference mock, and the mock's idempotency under races. */
class SharedClientConcurrencyTest {
    private static final int THREADS = 64;
    private static final Duration RUN_FOR = Duration.ofSeconds(5);
    private static final Logger OKHTTP = Logger.getLogger("okhttp3.OkHttpClient");

    private final List<String> leaks = new CopyOnWriteArrayList<>();
    private final Handler leakCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                leaks.add(String.valueOf(record.getMessage()));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private MockServer mock;

    @AfterEach
    void stop() {
        OKHTTP.removeHandler(leakCapture);
        if (mock != null) {
            mock.close();
        }
    }

    private MockServer startMock() {
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder()
                .minPollInterval(Duration.ofMillis(20)).maxWait(Duration.ofSeconds(1)).createBurst(1000).createRefill(Duration.ofMillis(1))
                .freePollCap(1_000_000).freeDailyLimit(1_000_000).keepAlive(Duration.ofMillis(500)).build()).build());
        return mock;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sixtyFourThreadsShareOneClientWithoutErrorsOrLeaks() throws Exception {
        OKHTTP.addHandler(leakCapture);
        startMock();
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(20)).maxWait(Duration.ofSeconds(1))
                        .createBurst(1000).createRefill(Duration.ofMillis(1)).freePollCap(1_000_000).keepAlive(Duration.ofMillis(500)).build())
                .createTokenWait(Duration.ZERO).build();
        SessionStreams streams = DockSessionStreams.of(dock);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        long end = System.nanoTime() + RUN_FOR.toNanos();
        ExecutorService workers = Executors.newFixedThreadPool(THREADS);
        CountDownLatch ready = new CountDownLatch(THREADS);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            running.add(workers.submit(() -> {
                ready.countDown();
                int round = 0;
                // every thread makes at least one round, however late it starts: "calls made" below
                // counted on the 5 s, which a loaded machine could spend before a thread's first round
                do {
                    try {
                        DockSession created = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                                .clientId("t" + thread + "-" + round).build());
                        calls.incrementAndGet();
                        dock.sessions().retrieve(created.id());
                        calls.incrementAndGet();
                        WaitOptions wait = WaitOptions.builder().timeout(Duration.ofSeconds(20)).build();
                        var waiting = (round % 2 == 0)
                                ? dock.sessions().awaitCompletionAsync(created.id(), wait)
                                : streams.awaitCompletionAsync(created.id(), wait);
                        Thread.sleep(30);
                        mock.dock().complete(created.id());
                        DockSession done = waiting.get(30, TimeUnit.SECONDS);
                        calls.incrementAndGet();
                        assertThat(done.isCompleted()).isTrue();
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                    round++;
                } while (System.nanoTime() < end);
            }));
        }
        for (Future<?> f : running) {
            f.get(50, TimeUnit.SECONDS);
        }
        workers.shutdown();

        System.out.println("shared client: " + calls.get() + " calls by " + THREADS + " threads in " + RUN_FOR);
        assertThat(errors).as("errors under load").isEmpty();
        assertThat(calls.get()).as("calls made").isGreaterThan(THREADS);
        ConnectionPool pool = DockInternals.waitPool(dock);
        assertThat(eventually(() -> pool.connectionCount() == pool.idleConnectionCount()))
                .as("every connection back in the pool (none held by an unclosed body)").isTrue();

        dock.close();
        assertThat(eventually(() -> pool.connectionCount() == 0)).as("pool empty after close").isTrue();
        assertThat(eventually(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(th -> th.isAlive() && th.getName().startsWith("verifykit-wait-"))))
                .as("no verifykit-wait-* thread after close").isTrue();
        System.gc();
        Thread.sleep(200);
        System.gc();
        assertThat(leaks).as("OkHttp leak warnings").noneMatch(m -> m.contains("leaked"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void concurrentIdenticalCreatesWithOneKeyCreateOneSession() throws Exception {
        startMock();
        OkHttpClient http = new OkHttpClient();
        String body = "{\"pid\":\"PID-FREE0001\",\"clientId\":\"race\"}";
        Set<String> bodies = ConcurrentHashMap.newKeySet();
        AtomicInteger replayed = new AtomicInteger();
        ExecutorService racers = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            all.add(racers.submit(() -> {
                go.await();
                Request request = new Request.Builder().url(mock.dockBaseUrl() + "/v2/sessions")
                        .header("Authorization", "Bearer dock_test_free").header("Idempotency-Key", "race-key-1")
                        .post(RequestBody.create(body, MediaType.get("application/json"))).build();
                try (Response response = http.newCall(request).execute()) {
                    assertThat(response.code()).isEqualTo(200);
                    bodies.add(response.body().string());
                    if ("true".equals(response.header("Idempotent-Replayed"))) {
                        replayed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : all) {
            f.get(20, TimeUnit.SECONDS);
        }
        racers.shutdown();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();

        assertThat(mock.dock().sessionCount()).isEqualTo(1);
        assertThat(bodies).as("every answer is the first one, byte for byte").hasSize(1);
        assertThat(replayed.get()).as("replays").isEqualTo(31);
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < until) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
