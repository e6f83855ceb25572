package dev.verifykit.bench.latency;

import dev.verifykit.bench.mock.StandaloneMock;
import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * 2,000 concurrent {@code awaitCompletionAsync} on one Dock client, against the reference mock
 * running standalone in another process (so that this process's heap, RSS and threads are the
 * client's). The session lifetime is shrunk (default 30 s, on both sides); the other guardrails
 * keep their documented values (25-s holds, 2-s interval), except the create bucket, raised to
 * create the sessions quickly. Once the mock holds every wait's first long-poll (its control
 * plane's {@code heldLongPolls}; the mock takes a thread per connection, and takes 10,000 new
 * connections in a few seconds), each session is completed through the control plane over HTTP at
 * a uniformly random moment of the rest of its life; the latency is from the completion request's
 * send to the wait's future completing. The time until all were held is reported beside it, and
 * the failures by kind.
 *
 * <p>Arguments: output file, sessions (default 2000), lifetime seconds (default 30), and
 * {@code platform} to give the client a cached pool of platform threads as its {@code waitExecutor}
 * (by default the client runs its waits on virtual threads on Java 21+, on its own pool of
 * platform threads before).
 */
public final class ConcurrentWaits {
    private static final String KEY = "dock_test_free";
    private static final String PID = "PID-FREE0001";
    private static final MediaType JSON = MediaType.get("application/json");

    private ConcurrentWaits() {}

    public static void main(String[] args) throws Exception {
        Args arguments = new Args(args);
        Path out = arguments.out("concurrent-waits.json");
        int count = arguments.number(1, 2000);
        int lifetimeSeconds = arguments.number(2, 30);
        boolean platform = args.length > 3 && args[3].equals("platform");
        Duration lifetime = Duration.ofSeconds(lifetimeSeconds);
        Random random = new Random(11);

        try (StandaloneMock mock = StandaloneMock.start("--dock-session-lifetime", lifetimeSeconds + "s",
                "--dock-create-burst", "100000", "--dock-free-daily-limit", "100000000")) {
            run(out, count, lifetime, random, mock.dockUrl(), mock.controlUrl(), platform);
        }
        System.exit(0);
    }

    /**
     * Waits until the mock holds {@code count} long-polls, at most {@code limit} (a first hold is
     * 13 s at least), and returns how many it held last.
     */
    private static int awaitHeld(OkHttpClient control, String controlUrl, int count, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        int held = 0;
        while (System.nanoTime() < end) {
            try (Response response = control.newCall(new Request.Builder().url(controlUrl + "/dock/stats").build()).execute()) {
                held = StandaloneMock.heldLongPolls(response.body().string());
            }
            if (held >= count) {
                break;
            }
            Thread.sleep(50);
        }
        return held;
    }

    /**
     * How many failures of each kind (session ids and numbers left out): a wait that ended with its
     * session expired, and the control plane's 409 for completing it, are two failures of one session.
     */
    private static Map<String, Integer> failureKinds(List<String> failures) {
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        synchronized (failures) {
            for (String failure : failures) {
                String kind = failure.substring(failure.indexOf(": ") + 2).replaceAll("[0-9]+", "N");
                kinds.merge(kind.length() > 160 ? kind.substring(0, 160) : kind, 1, Integer::sum);
            }
        }
        return kinds;
    }

    private static void run(Path out, int count, Duration lifetime, Random random, String dockUrl, String controlUrl,
            boolean platform) throws Exception {
        Results.HeapSampler heap = new Results.HeapSampler().start();
        DockClient.Builder builder = DockClient.builder().apiKey(KEY).baseUrl(dockUrl)
                .guardrails(DockGuardrails.builder().sessionLifetime(lifetime)
                        .createBurst(1000).createRefill(Duration.ofMillis(1)).build());
        ExecutorService platformPool = platform ? Executors.newCachedThreadPool() : null;
        if (platform) {
            builder.waitExecutor(platformPool);
        }
        DockClient dock = builder.build();
        // the mock accepting thousands of connections on a busy machine can take longer than OkHttp's
        // default 10-s read timeout to answer its control plane: that must not end the run
        OkHttpClient control = new OkHttpClient.Builder().readTimeout(Duration.ofMinutes(2)).build();
        ScheduledExecutorService completer = Executors.newScheduledThreadPool(2);

        String[] ids = new String[count];
        long[] created = new long[count];
        long createStart = System.nanoTime();
        for (int i = 0; i < count; i++) {
            ids[i] = dock.sessions().create(CreateSessionParams.builder().pid(PID).clientId("load-" + i).build()).id();
            created[i] = System.nanoTime();
        }
        double createdAllMs = (System.nanoTime() - createStart) / 1e6;
        int threadsBefore = Thread.activeCount();

        AtomicLongArray completedAt = new AtomicLongArray(count);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger completed = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<DockSession>> waits = new ArrayList<>();
        long awaitStart = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int index = i;
            waits.add(dock.sessions().awaitCompletionAsync(ids[i]).whenComplete((session, error) -> {
                long now = System.nanoTime();
                if (error != null) {
                    failures.add(ids[index] + ": " + error);
                } else if (!session.isCompleted()) {
                    failures.add(ids[index] + ": ended " + session.status().raw());
                } else {
                    completed.incrementAndGet();
                    latencies.add(now - completedAt.get(index));
                }
            }));
        }
        long startedAll = System.nanoTime() - awaitStart;
        int held = awaitHeld(control, controlUrl, count, Duration.ofSeconds(12));
        long heldAll = System.nanoTime() - awaitStart;

        long margin = Duration.ofMillis(500).toNanos();
        for (int i = 0; i < count; i++) {
            int index = i;
            long from = System.nanoTime() + margin;
            long to = created[i] + lifetime.toNanos() - 2 * margin;
            long at = from + (long) (random.nextDouble() * Math.max(0, to - from)) - System.nanoTime();
            completer.schedule(() -> {
                completedAt.set(index, System.nanoTime());
                Request request = new Request.Builder()
                        .url(controlUrl + "/dock/sessions/" + ids[index] + "/complete")
                        .post(RequestBody.create(new byte[0], JSON)).build();
                try (Response response = control.newCall(request).execute()) {
                    if (response.code() != 200) {
                        failures.add(ids[index] + ": control plane answered " + response.code());
                    }
                } catch (Exception e) {
                    failures.add(ids[index] + ": control plane " + e);
                }
            }, Math.max(0, at), TimeUnit.NANOSECONDS);
        }
        CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).handle((v, e) -> null)
                .get(lifetime.toSeconds() + 60, TimeUnit.SECONDS);
        heap.stop();

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("what", count + " concurrent awaitCompletionAsync on one DockClient");
        figures.put("sessions", count);
        figures.put("completed", completed.get());
        figures.put("failures", failures.size());
        if (!failures.isEmpty()) {
            figures.put("firstFailure", failures.get(0));
            figures.put("lastFailure", failures.get(failures.size() - 1));
            figures.put("failureKinds", failureKinds(failures));
        }
        figures.put("lifetimeSeconds", lifetime.toSeconds());
        figures.put("startAllMs", startedAll / 1e6);
        figures.put("heldAtStart", held);
        figures.put("heldAllMs", heldAll / 1e6);
        figures.put("latencyMs", Stats.of(latencies, 1e6));
        figures.put("peakHeapUsedMiB", heap.peakMiB());
        figures.put("peakRssMiB", Results.procStatusMiB("VmHWM"));
        figures.put("peakThreads", ManagementFactory.getThreadMXBean().getPeakThreadCount());
        figures.put("threadsBeforeWaits", threadsBefore);
        figures.put("waitThreads", platform ? "platform (a cached pool given as waitExecutor)"
                : Runtime.version().feature() >= 21 ? "virtual (the default on Java 21+)" : "platform (the default before Java 21)");
        figures.put("createMs", createdAllMs);
        figures.put("javaVersion", System.getProperty("java.version"));
        figures.put("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        figures.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0));
        Results.write(out, figures);

        completer.shutdownNow();
        control.dispatcher().executorService().shutdown();
        dock.close();
        if (platformPool != null) {
            platformPool.shutdownNow();
        }
    }
}
