package dev.verifykit.bench.latency;

import com.sun.net.httpserver.HttpServer;
import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.DokaiSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.mock.MockWebhookDelivery;
import dev.verifykit.redis.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Several instances, one API key, one Redis ({@code verifykit-redis}), one reference mock: each
 * instance is its own JVM ({@link InstanceWorker}), started by this coordinator, which runs a real
 * redis-server and the mock, and counts everything in the mock's journal and delivery log.
 * <ol>
 *   <li><b>creates</b>: 4 instances create 200 sessions in all, as fast as the shared create bucket
 *       lets them. Dock's bucket (6, one more every 10 s) shrunk 50 times on both sides (refill
 *       200 ms). Goal: no 429, and the rate within 5 % of the bucket's: the time from the first
 *       create's arrival to the last's against (200 − 6) refills. The first create goes alone,
 *       the other instances start once it arrived: its arrival starts the service's bucket, and
 *       the store's margin (3 % of a refill, 6 ms at this scale, 300 ms at Dock's) must cover how
 *       much later than the others' that first create arrives after its token; with four JVMs
 *       waking at once on two cores it may be tens of ms, a scheduling effect the shrunk time
 *       magnifies 50 times.</li>
 *   <li><b>reads</b>: sessions whose reads come from the 4 instances at random (a shared queue:
 *       an instance takes a session, long-polls it once and puts it back until it ended), completed
 *       at a random moment of their life, some never (they expire); time shrunk 25 times as in
 *       {@link RequestCount}, the free plan's cap of 60. Goal: no refusal (interval or cap), at most
 *       13 requests per session.</li>
 *   <li><b>webhooks</b>: 3 receivers behind one address (a front here forwarding each delivery to one
 *       of them at random), the mock delivering each event with retries (10 attempts) and every
 *       attempt sent twice, handlers failing 20 % of the time at random. Goal: every event handled
 *       exactly once, none lost.</li>
 * </ol>
 * Arguments: output file, creates (200), sessions read (40), webhook events (100).
 */
public final class MultiInstance {
    /** Dock's free plan: reads a session may have. */
    private static final int FREE_POLL_CAP = 60;

    private static final int INSTANCES = 4;
    private static final int RECEIVERS = 3;
    private static final int CREATE_FACTOR = 50;
    private static final int READ_FACTOR = RequestCount.FACTOR;

    private MultiInstance() {}

    public static void main(String[] args) throws Exception {
        Args arguments = new Args(args);
        Path out = arguments.out("multi-instance.json");
        int creates = arguments.number(1, 200);
        int sessions = arguments.number(2, 40);
        int events = arguments.number(3, 100);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("what", "4 JVM instances sharing one API key through Redis (verifykit-redis), one reference mock");
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            RedisClient client = redis.client();
            try {
                figures.put("redisServer", RedisServerProcess.binary().toString());
                figures.put("creates", creates(redis.port(), creates));
                figures.put("reads", reads(redis.port(), client, sessions));
                figures.put("webhooks", webhooks(redis.port(), client, events));
            } finally {
                client.shutdown();
            }
        }
        Results.write(out, figures);
        System.exit(0);
    }

    // ---- creates ----

    private static Map<String, Object> creates(int redisPort, int total) throws Exception {
        Duration refill = Duration.ofSeconds(10).dividedBy(CREATE_FACTOR);
        int burst = 6;
        Map<String, Object> r = new LinkedHashMap<>();
        try (MockServer mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().createBurst(burst)
                .createRefill(refill).freeDailyLimit(1_000_000).build()).build())) {
            String namespace = "bench-" + UUID.randomUUID();
            List<Instance> instances = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                int count = total / INSTANCES + (i < total % INSTANCES ? 1 : 0);
                instances.add(Instance.start("creates", Integer.toString(redisPort), mock.dockBaseUrl(), namespace,
                        Integer.toString(count), Long.toString(refill.toMillis())));
            }
            instances.forEach(Instance::awaitReady);
            // The first create goes alone: its arrival starts the service's bucket (see the class comment).
            instances.get(0).send("go");
            long firstDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (mock.journal().entries().stream().noneMatch(e -> e.method().equals("POST")
                    && e.path().equals("/dock/v2/sessions") && !e.body().contains("warm-up"))
                    && System.nanoTime() < firstDeadline) {
                Thread.sleep(1);
            }
            instances.subList(1, instances.size()).forEach(i -> i.send("go"));
            List<String> lines = new ArrayList<>();
            for (Instance instance : instances) {
                lines.addAll(instance.awaitEnd(Duration.ofMinutes(10)));
            }
            List<MockJournalEntry> sent = mock.journal().entries().stream()
                    .filter(e -> e.method().equals("POST") && e.path().equals("/dock/v2/sessions")
                            && !e.body().contains("warm-up")).toList();
            long refused = sent.stream().filter(e -> e.status() == 429).count();
            long otherwise = sent.stream().filter(e -> e.status() != 429 && (e.status() < 200 || e.status() > 299)).count();
            List<Long> accepted = sent.stream().filter(e -> e.status() >= 200 && e.status() <= 299)
                    .map(MockJournalEntry::receivedNanos).sorted().toList();
            double spanSeconds = accepted.size() < 2 ? 0
                    : (accepted.get(accepted.size() - 1) - accepted.get(0)) / 1e9;
            double idealSeconds = Math.max(0, accepted.size() - burst) * refill.toNanos() / 1e9;
            r.put("bucket", "Dock's, shrunk " + CREATE_FACTOR + "×: burst " + burst + ", one more every "
                    + refill.toMillis() + " ms, on the mock and in the clients; the Redis store refills 3 % slower");
            r.put("instances", INSTANCES);
            r.put("threadsPerInstance", 2);
            r.put("createsAsked", total);
            r.put("createsSent", sent.size());
            r.put("createsAccepted", accepted.size());
            r.put("refused429", refused);
            r.put("otherFailures", otherwise);
            r.put("failuresSeenByInstances", lines.stream().filter(l -> l.startsWith("failed")).toList());
            long firstNanos = sent.isEmpty() ? 0 : sent.get(0).receivedNanos();
            List<String> refusedAt = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                if (sent.get(i).status() == 429) {
                    refusedAt.add("#" + (i + 1) + " at " + (sent.get(i).receivedNanos() - firstNanos) / 1_000_000 + " ms");
                }
            }
            r.put("refusedAt", refusedAt);
            r.put("spanSeconds", spanSeconds);
            r.put("idealSpanSeconds", idealSeconds);
            r.put("rateVsBucket", spanSeconds == 0 ? 0 : idealSeconds / spanSeconds);
        }
        return r;
    }

    // ---- reads ----

    private static Map<String, Object> reads(int redisPort, RedisClient redisClient, int sessions) throws Exception {
        Duration lifetime = Duration.ofMinutes(5).dividedBy(READ_FACTOR);
        Duration hold = Duration.ofSeconds(25).dividedBy(READ_FACTOR);
        Duration interval = Duration.ofSeconds(2).dividedBy(READ_FACTOR);
        int threads = (sessions + INSTANCES - 1) / INSTANCES + 2;
        Map<String, Object> r = new LinkedHashMap<>();
        Random random = new Random(11);
        ScheduledExecutorService completer = Executors.newSingleThreadScheduledExecutor();
        try (MockServer mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().sessionLifetime(lifetime)
                        .maxWait(hold).minPollInterval(interval).createBurst(10_000).freeDailyLimit(1_000_000).build())
                        .build());
                DockClient creator = DockClient.builder().apiKey(InstanceWorker.KEY).baseUrl(mock.dockBaseUrl())
                        .guardrails(DockGuardrails.builder().sessionLifetime(lifetime).maxWait(hold).minPollInterval(interval)
                                .createBurst(1000).build()).build();
                StatefulRedisConnection<String, String> redis = redisClient.connect()) {
            String namespace = "bench-" + UUID.randomUUID();
            List<Instance> instances = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                instances.add(Instance.start("reads", Integer.toString(redisPort), mock.dockBaseUrl(), namespace,
                        Integer.toString(threads), Long.toString(lifetime.toMillis()), Long.toString(hold.toSeconds()),
                        Long.toString(interval.toMillis())));
            }
            instances.forEach(Instance::awaitReady);
            instances.forEach(i -> i.send("go"));
            List<String> ids = new ArrayList<>();
            int completing = sessions - Math.max(1, sessions / 8);
            for (int i = 0; i < sessions; i++) {
                String id = creator.sessions().create(CreateSessionParams.builder().pid(InstanceWorker.PID)
                        .clientId("reads-" + i).build()).id();
                ids.add(id);
                redis.sync().rpush(namespace + ":queue", id);
                if (i < completing) {
                    long at = (long) (random.nextDouble() * lifetime.toNanos());
                    completer.schedule(() -> {
                        try {
                            mock.dock().complete(id);
                        } catch (IllegalStateException alreadyEnded) {
                            // expired first
                        }
                    }, at, TimeUnit.NANOSECONDS);
                }
            }
            long deadline = System.nanoTime() + lifetime.multipliedBy(3).plusSeconds(30).toNanos();
            while (parse(redis.sync().get(namespace + ":ended")) < sessions && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            redis.sync().rpush(namespace + ":queue", "STOP");
            Map<String, Set<Integer>> readers = new HashMap<>();
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < instances.size(); i++) {
                for (String line : instances.get(i).awaitEnd(Duration.ofMinutes(2))) {
                    if (line.startsWith("read ")) {
                        readers.computeIfAbsent(line.substring(5), k -> new HashSet<>()).add(i);
                    } else if (line.startsWith("error ")) {
                        errors.add(line);
                    }
                }
            }
            Map<String, List<MockJournalEntry>> bySession = new HashMap<>();
            for (MockJournalEntry e : mock.journal().entries()) {
                if (e.method().equals("GET") && e.path().startsWith("/dock/v2/sessions/")) {
                    bySession.computeIfAbsent(e.path().substring("/dock/v2/sessions/".length()), k -> new ArrayList<>()).add(e);
                }
            }
            List<Integer> perSession = new ArrayList<>();
            List<Integer> instancesPerSession = new ArrayList<>();
            int refusals = 0;
            int intervalRefusals = 0;
            int capRefusals = 0;
            for (String id : ids) {
                List<MockJournalEntry> reads = bySession.getOrDefault(id, List.of());
                perSession.add(reads.size());
                instancesPerSession.add(readers.getOrDefault(id, Set.of()).size());
                int[] refused = refusals(reads, FREE_POLL_CAP);
                refusals += refused[0];
                intervalRefusals += refused[1];
                capRefusals += refused[2];
            }
            r.put("guardrails", "documented, every duration divided by " + READ_FACTOR + ": lifetime " + lifetime.toMillis()
                    + " ms, hold " + hold.toMillis() + " ms, min interval " + interval.toMillis()
                    + " ms; free plan poll cap " + FREE_POLL_CAP);
            r.put("instances", INSTANCES);
            r.put("threadsPerInstance", threads);
            r.put("sessions", sessions);
            r.put("neverCompleted", sessions - completing);
            r.put("endedSeen", parse(redis.sync().get(namespace + ":ended")));
            r.put("requestsPerSession", Stats.of(perSession, 1));
            r.put("worst", perSession.stream().mapToInt(Integer::intValue).max().orElse(0));
            r.put("instancesReadingASession", Stats.of(instancesPerSession, 1));
            r.put("refusals", refusals);
            r.put("intervalRefusals", intervalRefusals);
            r.put("capRefusals", capRefusals);
            r.put("errorsSeenByInstances", errors.size() > 20 ? errors.subList(0, 20) : errors);
        } finally {
            completer.shutdownNow();
        }
        return r;
    }

    private static long parse(String counter) {
        return counter == null ? 0 : Long.parseLong(counter);
    }

    // ---- webhooks ----

    private static Map<String, Object> webhooks(int redisPort, RedisClient redisClient, int events) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        int attempts = 10;
        DokaiSettings dokai = DokaiSettings.builder().deliveryAttempts(attempts)
                .deliveryDelays(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400))
                .deliveryTimeout(Duration.ofSeconds(5)).build();
        String namespace = "bench-" + UUID.randomUUID();
        List<Instance> receivers = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < RECEIVERS; i++) {
            Instance receiver = Instance.start("receive", Integer.toString(redisPort), namespace,
                    dokai.webhookSecret(), "20");
            receivers.add(receiver);
        }
        for (Instance receiver : receivers) {
            ports.add(Integer.parseInt(receiver.awaitLine("port ").substring(5)));
            receiver.awaitReady();
        }
        HttpClient forwarder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<Integer, Integer> forwardedTo = new ConcurrentHashMap<>();
        HttpServer front = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        front.setExecutor(Executors.newFixedThreadPool(16));
        front.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int pick = ThreadLocalRandom.current().nextInt(RECEIVERS);
            forwardedTo.merge(pick, 1, Integer::sum);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(pick) + "/hook"))
                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            String signature = exchange.getRequestHeaders().getFirst("X-Dokai-Signature");
            if (signature != null) {
                request.header("X-Dokai-Signature", signature);
            }
            int status;
            String retryAfter = null;
            try {
                HttpResponse<Void> answer = forwarder.send(request.build(), HttpResponse.BodyHandlers.discarding());
                status = answer.statusCode();
                retryAfter = answer.headers().firstValue("Retry-After").orElse(null);
            } catch (IOException | InterruptedException e) {
                status = 502;
            }
            if (retryAfter != null) {
                exchange.getResponseHeaders().set("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        front.start();
        receivers.forEach(i -> i.send("go"));
        String url = "http://127.0.0.1:" + front.getAddress().getPort() + "/hook";
        Set<String> sessionIds = ConcurrentHashMap.newKeySet();
        try (MockServer mock = MockServer.start(MockSettings.builder().dokai(dokai).build());
                DokaiClient client = DokaiClient.builder().apiKey(mock.settings().dokai().apiKey())
                        .baseUrl(mock.dokaiBaseUrl()).build();
                StatefulRedisConnection<String, String> redis = redisClient.connect()) {
            mock.faults().addFor("POST", "/hook", MockFault.webhookDuplicate(), Duration.ofMinutes(30));
            for (int i = 0; i < events; i++) {
                String id = client.verifySessions().create(CreateKycSessionParams.builder().webhookUrl(url).build()).id();
                sessionIds.add(id);
                mock.dokai().finish(id, i % 5 == 4 ? "failed" : "verified");
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline && !settled(mock, sessionIds, attempts)) {
                Thread.sleep(200);
            }
            List<MockWebhookDelivery> deliveries = mock.dokai().deliveries();
            List<String> handled = redis.sync().lrange(namespace + ":handled", 0, -1);
            Map<String, Integer> handledCount = new HashMap<>();
            handled.forEach(id -> handledCount.merge(id, 1, Integer::sum));
            int lost = 0;
            int twice = 0;
            for (String id : sessionIds) {
                int n = handledCount.getOrDefault(id, 0);
                if (n == 0) {
                    lost++;
                } else if (n > 1) {
                    twice++;
                }
            }
            receivers.forEach(i -> i.send("stop"));
            Map<String, Integer> outcomes = new LinkedHashMap<>();
            for (Instance receiver : receivers) {
                for (String line : receiver.awaitEnd(Duration.ofMinutes(1))) {
                    if (line.startsWith("outcomes {")) {
                        for (String pair : line.substring(10, line.length() - 1).split(", ")) {
                            String[] kv = pair.split("=");
                            if (kv.length == 2) {
                                outcomes.merge(kv[0], Integer.parseInt(kv[1]), Integer::sum);
                            }
                        }
                    }
                }
            }
            r.put("receivers", RECEIVERS);
            r.put("events", events);
            r.put("handlerFailureRate", 0.2);
            r.put("deliveryAttemptsAllowed", attempts);
            r.put("postsSent", deliveries.size());
            r.put("postsFromDuplicates", deliveries.stream().filter(d -> d.faultRule() != null).count() / 2);
            r.put("forwardedTo", new LinkedHashMap<>(forwardedTo));
            r.put("outcomes", outcomes);
            r.put("handledOnce", sessionIds.size() - lost - twice);
            r.put("handledMoreThanOnce", twice);
            r.put("lost", lost);
        } finally {
            front.stop(0);
            for (Instance receiver : receivers) {
                receiver.process.destroy();
            }
        }
        return r;
    }

    /** Whether every event got a 2xx answer, or used all its attempts. */
    private static boolean settled(MockServer mock, Set<String> sessionIds, int attempts) {
        Map<String, List<MockWebhookDelivery>> bySession = new HashMap<>();
        for (MockWebhookDelivery d : mock.dokai().deliveries()) {
            bySession.computeIfAbsent(d.sessionId(), k -> new ArrayList<>()).add(d);
        }
        for (String id : sessionIds) {
            List<MockWebhookDelivery> tries = bySession.getOrDefault(id, List.of());
            boolean done = tries.stream().anyMatch(d -> d.status() >= 200 && d.status() < 300)
                    || tries.stream().anyMatch(d -> d.attempt() >= attempts);
            if (!done) {
                return false;
            }
        }
        return true;
    }

    // ---- instances ----

    /** An instance's JVM, talked to through its standard input and output. */
    private static final class Instance {
        final Process process;
        final BufferedReader lines;
        final Writer input;
        final List<String> seen = new CopyOnWriteArrayList<>();

        private Instance(Process process) {
            this.process = process;
            this.lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        static Instance start(String... args) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), InstanceWorker.class.getName()));
            command.addAll(List.of(args));
            try {
                return new Instance(new ProcessBuilder(command).redirectErrorStream(true).start());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String awaitLine(String prefix) {
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                    seen.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new IllegalStateException("an instance ended before printing " + prefix + ": " + seen);
        }

        void awaitReady() {
            awaitLine("ready");
        }

        void send(String line) {
            try {
                input.write(line + "\n");
                input.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The lines printed until {@code end}. */
        List<String> awaitEnd(Duration timeout) throws Exception {
            CompletableFuture<List<String>> rest = CompletableFuture.supplyAsync(() -> {
                List<String> all = new ArrayList<>();
                try {
                    String line;
                    while ((line = lines.readLine()) != null && !line.equals("end")) {
                        all.add(line);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return all;
            });
            List<String> all = rest.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            process.waitFor(30, TimeUnit.SECONDS);
            return all;
        }
    }

    /**
     * A session's refused reads, in order of arrival: all of them, the interval's 429s and the cap's. The
     * journal holds requests, not answers (the request body of a GET is empty): a 429 once the session had
     * {@code cap} reads served is the cap's, any other the interval's.
     */
    static int[] refusals(List<MockJournalEntry> reads, int cap) {
        int served = 0;
        int[] refused = new int[3];
        for (MockJournalEntry e : reads) {
            if (e.status() == 200) {
                served++;
            } else {
                refused[0]++;
                if (e.status() == 429) {
                    refused[served >= cap ? 2 : 1]++;
                }
            }
        }
        return refused;
    }
}
