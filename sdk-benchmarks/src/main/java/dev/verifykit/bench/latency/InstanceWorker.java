package dev.verifykit.bench.latency;

import com.sun.net.httpserver.HttpServer;
import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.error.NotFoundException;
import dev.verifykit.redis.RedisGuardrailStore;
import dev.verifykit.redis.RedisReplayGuard;
import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.WebhookOutcome;
import dev.verifykit.webhook.WebhookVerifier;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One instance of {@link MultiInstance}, in its own JVM: a Dock client or a webhook receiver whose
 * guardrails or replay guard live in the shared Redis. It prints {@code ready} (and, for a
 * receiver, {@code port N}), starts on {@code go} from its standard input, prints one line per thing
 * it did, and {@code end} when done.
 *
 * <ul>
 *   <li>{@code creates REDIS_PORT DOCK_URL NAMESPACE COUNT REFILL_MS}: creates COUNT sessions on two
 *       threads, as fast as the shared create bucket lets it;</li>
 *   <li>{@code reads REDIS_PORT DOCK_URL NAMESPACE THREADS LIFETIME_MS HOLD_S INTERVAL_MS}: takes
 *       session ids from the shared queue, reads each once (a long-poll) and puts it back until it
 *       ended, so that a session's reads come from every instance at random;</li>
 *   <li>{@code receive REDIS_PORT NAMESPACE SECRET FAIL_PERCENT}: answers webhooks with
 *       {@code WebhookVerifier.handle}, its handler failing at random, recording each event handled
 *       in Redis.</li>
 * </ul>
 */
public final class InstanceWorker {
    static final String KEY = "dock_test_free";
    static final String PID = "PID-FREE0001";

    private InstanceWorker() {}

    public static void main(String[] args) throws Exception {
        RedisClient redis = RedisClient.create(RedisURI.create("127.0.0.1", Integer.parseInt(args[1])));
        try {
            switch (args[0]) {
                case "creates" -> creates(redis, args[2], args[3], Integer.parseInt(args[4]), Long.parseLong(args[5]));
                case "reads" -> reads(redis, args[2], args[3], Integer.parseInt(args[4]), Long.parseLong(args[5]),
                        Long.parseLong(args[6]), Long.parseLong(args[7]));
                case "receive" -> receive(redis, args[2], args[3], Integer.parseInt(args[4]));
                default -> throw new IllegalArgumentException("unknown role " + args[0]);
            }
        } finally {
            redis.shutdown();
        }
        say("end");
        System.exit(0);
    }

    private static void creates(RedisClient redis, String dockUrl, String namespace, int count, long refillMs)
            throws Exception {
        try (RedisGuardrailStore store = RedisGuardrailStore.builder(redis).namespace(namespace).build();
                DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(dockUrl).guardrailStore(store)
                        .createTokenWait(Duration.ofMinutes(10))
                        .guardrails(DockGuardrails.builder().createRefill(Duration.ofMillis(refillMs)).build())
                        .build()) {
            warmUp(dock);
            warmUpCreates(dockUrl);
            awaitGo();
            runThreads(2, thread -> {
                for (int i = thread; i < count; i += 2) {
                    try {
                        dock.sessions().create(CreateSessionParams.builder().pid(PID)
                                .clientId("multi-" + ProcessHandle.current().pid() + "-" + i).build());
                        say("created");
                    } catch (RuntimeException e) {
                        say("failed " + describe(e));
                    }
                }
            });
        }
    }

    private static void reads(RedisClient redis, String dockUrl, String namespace, int threads, long lifetimeMs,
            long holdSeconds, long intervalMs) throws Exception {
        Duration hold = Duration.ofSeconds(holdSeconds);
        try (RedisGuardrailStore store = RedisGuardrailStore.builder(redis).namespace(namespace).build();
                DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(dockUrl).guardrailStore(store)
                        .guardrails(DockGuardrails.builder().sessionLifetime(Duration.ofMillis(lifetimeMs)).maxWait(hold)
                                .minPollInterval(Duration.ofMillis(intervalMs)).createBurst(1000).build())
                        .build()) {
            warmUp(dock);
            awaitGo();
            String queue = namespace + ":queue";
            runThreads(threads, thread -> {
                try (StatefulRedisConnection<String, String> connection = redis.connect()) {
                    while (true) {
                        KeyValue<String, String> taken = connection.sync().blpop(5, queue);
                        if (taken == null) {
                            continue;
                        }
                        String id = taken.getValue();
                        if (id.equals("STOP")) {
                            connection.sync().rpush(queue, "STOP");
                            return;
                        }
                        try {
                            DockSession session = dock.sessions().retrieve(id, hold);
                            say("read " + id);
                            if (session.status().is(DockSessionStatus.PENDING)) {
                                connection.sync().rpush(queue, id);
                            } else {
                                say("ended " + id + " " + session.status().raw());
                                connection.sync().incr(namespace + ":ended");
                            }
                        } catch (RuntimeException e) {
                            say("error " + id + " " + describe(e));
                            connection.sync().rpush(queue, id);
                        }
                    }
                }
            });
        }
    }

    private static void receive(RedisClient redis, String namespace, String secret, int failPercent) throws Exception {
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        try (RedisReplayGuard guard = RedisReplayGuard.builder(redis).namespace(namespace)
                        .claimTimeout(Duration.ofSeconds(5)).build();
                StatefulRedisConnection<String, String> record = redis.connect()) {
            WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).replayGuard(guard).build();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.createContext("/", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                WebhookOutcome outcome = verifier.handle(body, exchange.getRequestHeaders(), event -> {
                    if (ThreadLocalRandom.current().nextInt(100) < failPercent) {
                        throw new IllegalStateException("the handler failed (at random)");
                    }
                    String id = event instanceof DokaiWebhookEvent.Completed c ? c.session().id()
                            : event instanceof DokaiWebhookEvent.Failed f ? f.session().id() : event.type();
                    record.sync().rpush(namespace + ":handled", id);
                });
                outcomes.merge(outcome.kind().name(), 1, Integer::sum);
                outcome.retryAfterHeader().ifPresent(v -> exchange.getResponseHeaders().set("Retry-After", v));
                exchange.sendResponseHeaders(outcome.httpStatus(), -1);
                exchange.close();
            });
            server.start();
            say("port " + server.getAddress().getPort());
            awaitGo();
            awaitLine("stop");
            server.stop(0);
            say("outcomes " + outcomes);
        }
    }

    /**
     * One create with the other key of the mock (its own bucket, 6 for the 4 instances), so that this JVM's first create
     * of the run is not its first ever: the service's bucket starts at the first create's arrival,
     * and a cold first create (classes loading, code not yet compiled) would arrive late.
     */
    private static void warmUpCreates(String dockUrl) {
        try (DockClient other = DockClient.builder().apiKey("dock_test_premium").baseUrl(dockUrl)
                .plan(dev.verifykit.dock.DockPlan.PREMIUM).build()) {
            other.sessions().create(CreateSessionParams.builder().pid("PID-PREM0001").clientId("warm-up").build());
        }
    }

    /** An exception and its causes, on one line. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(text.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName()).append(": ")
                    .append(t.getMessage());
        }
        return text.toString();
    }

    /** One read of an unknown session, so that the first create does not pay for loading classes and connecting. */
    private static void warmUp(DockClient dock) {
        try {
            dock.sessions().retrieve("vsn_warmup000000000000000");
        } catch (NotFoundException expected) {
            // no such session
        }
    }

    private static final BufferedReader IN = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private static void awaitGo() throws Exception {
        say("ready");
        awaitLine("go");
    }

    private static void awaitLine(String expected) throws Exception {
        String line;
        while ((line = IN.readLine()) != null) {
            if (line.equals(expected)) {
                return;
            }
        }
        throw new IllegalStateException("standard input ended before " + expected);
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private interface Body {
        void run(int thread) throws Exception;
    }

    private static void runThreads(int threads, Body body) throws Exception {
        CountDownLatch done = new CountDownLatch(threads);
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                try {
                    body.run(thread);
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } finally {
                    done.countDown();
                }
            }, "instance-worker-" + t);
            worker.start();
        }
        done.await();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a worker thread failed", failures.get(0));
        }
    }

}
