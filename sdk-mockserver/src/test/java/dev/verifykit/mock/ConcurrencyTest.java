package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    private static final int THREADS = 32;

    /**
     * No create token comes back during a test: with the default 10-s refill, creates that a loaded
     * machine spread over more than 10 s found a 21st token, and a 21st session was created.
     */
    private final MockServer server = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().createBurst(20).createRefill(Duration.ofHours(1))
                    .minPollInterval(Duration.ZERO).freePollCap(1000).build())
            .build());
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stop() {
        pool.shutdownNow();
        server.close();
    }

    @Test
    void concurrentCreatesAndReadsGiveConsistentCounts() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Answer>> creates = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String clientId = "client-" + (i % 24);
            creates.add(pool.submit(() -> {
                go.await();
                return Http.send(new Request.Builder().url(server.dockBaseUrl() + "/v2/sessions")
                        .header("Authorization", "Bearer " + Http.FREE)
                        .post(RequestBody.create("{\"pid\":\"PID-FREE0001\",\"clientId\":\"" + clientId + "\"}",
                                Http.JSON))
                        .build());
            }));
        }
        go.countDown();

        Map<String, String> createdByClient = new java.util.HashMap<>();
        List<Answer> reused = new ArrayList<>();
        int limited = 0;
        for (Future<Answer> f : creates) {
            Answer answer = f.get(30, TimeUnit.SECONDS);
            if (answer.status() == 429) {
                limited++;
            } else if (Boolean.TRUE.equals(answer.data().get("reusedExisting"))) {
                reused.add(answer);
            } else {
                String previous = createdByClient.put((String) answer.data().get("clientId"),
                        (String) answer.data().get("id"));
                assertThat(previous).as("one new session per clientId").isNull();
            }
        }
        assertThat(createdByClient).hasSize(20);
        assertThat(reused.size() + limited).isEqualTo(12);
        for (Answer answer : reused) {
            assertThat(createdByClient.get((String) answer.data().get("clientId"))).isEqualTo(answer.data().get("id"));
        }
        assertThat(server.dock().sessionCount()).isEqualTo(20);

        String id = createdByClient.values().iterator().next();
        List<Future<Answer>> reads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            reads.add(pool.submit(() -> new Http(server).read(Http.FREE, id, null)));
        }
        List<Double> remaining = new ArrayList<>();
        for (Future<Answer> f : reads) {
            @SuppressWarnings("unchecked")
            Map<String, Object> rateLimit = (Map<String, Object>) f.get(30, TimeUnit.SECONDS).meta().get("rateLimit");
            remaining.add((Double) rateLimit.get("remaining"));
        }
        assertThat(remaining).doesNotHaveDuplicates().hasSize(THREADS);
        assertThat(server.journal().entries()).hasSize(2 * THREADS);
    }

    /** README: "Taking a use is atomic": a rule for N requests faults exactly N of many concurrent ones. */
    @Test
    void aRuleForNRequestsFaultsExactlyNOfManyConcurrentOnes() throws Exception {
        MockFaultRule rule = server.faults().add("GET", "/dock/v2/sessions/*", MockFault.respond(503), 5);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Answer>> reads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            reads.add(pool.submit(() -> {
                go.await();
                return new Http(server).read(Http.FREE, "vsn_nope", null);
            }));
        }
        go.countDown();

        int faulted = 0;
        for (Future<Answer> read : reads) {
            int status = read.get(30, TimeUnit.SECONDS).status();
            assertThat(status).isIn(503, 404);
            faulted += status == 503 ? 1 : 0;
        }
        assertThat(faulted).isEqualTo(5);
        assertThat(server.faults().rule(rule.id())).get().extracting(MockFaultRule::applied, MockFaultRule::remaining)
                .containsExactly(5, 0);
        assertThat(server.journal().find(MockJournalQuery.all().faulted(true))).hasSize(5);
    }

    @Test
    void completionRacingHeldLongPollsAndStreamsAnswersThemAll() throws Exception {
        OkHttpClient client = Http.CLIENT.newBuilder()
                .dispatcher(new Dispatcher(pool))
                .connectionPool(new ConnectionPool(THREADS, 1, TimeUnit.MINUTES))
                .build();
        String id = new Http(server).newSession("race");
        List<Future<String>> waiters = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String path = i % 2 == 0 ? "/v2/sessions/" + id + "?wait=20" : "/v2/sessions/" + id + "/stream";
            waiters.add(pool.submit(() -> {
                try (var response = client.newCall(new Request.Builder().url(server.dockBaseUrl() + path)
                        .header("Authorization", "Bearer " + Http.FREE).build()).execute()) {
                    return response.body().string();
                }
            }));
        }
        Thread.sleep(300);
        server.dock().complete(id);

        for (Future<String> waiter : waiters) {
            assertThat(waiter.get(15, TimeUnit.SECONDS)).contains("\"status\":\"completed\"");
        }
    }
}
