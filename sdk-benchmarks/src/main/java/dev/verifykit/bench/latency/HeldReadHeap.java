package dev.verifykit.bench.latency;

import dev.verifykit.bench.mock.StandaloneMock;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * What one held long-poll keeps on the heap, read two ways (not a goal row; a measurement for the
 * 10,000-wait RSS goal): OkHttp's blocking call on a virtual thread (how the SDK holds a wait on
 * Java 21+) and the JDK's non-blocking {@code java.net.http.HttpClient} (HTTP/1.1). Against the
 * reference mock running standalone, each side in a JVM of its own (the two alternating, twice):
 * create the sessions, start a {@code ?wait=25} read of each, wait until the mock holds them all,
 * and divide the heap used after a full collection, less what it was before the reads, by their
 * number. Only plain OkHttp and the JDK are used: the SDK's own part of a held wait is small (6 of
 * its 38 stack frames, BENCHMARKS.md).
 *
 * <p>Arguments: held reads per JVM (default 2000). Needs Java 21+ for the virtual threads.
 */
public final class HeldReadHeap {
    private static final String KEY = "dock_test_free";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private HeldReadHeap() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--side")) {
            side(args[1], Integer.parseInt(args[2]), args[3], args[4]);
            return;
        }
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (StandaloneMock mock = StandaloneMock.start("--dock-session-lifetime", "300s",
                "--dock-create-burst", "100000", "--dock-free-daily-limit", "100000000")) {
            for (int round = 0; round < 2; round++) {
                for (String side : round == 0 ? List.of("okhttp", "jdk") : List.of("jdk", "okhttp")) {
                    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                            HeldReadHeap.class.getName(), "--side", side, String.valueOf(count), mock.dockUrl(),
                            mock.controlUrl()).redirectErrorStream(true).start();
                    System.out.print(new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                    child.waitFor();
                    // the mock's holds of that JVM's reads end with its connections
                    waitForHeld(mock.controlUrl(), 0, Duration.ofSeconds(40), true);
                }
            }
        }
    }

    private static void side(String side, int count, String dock, String control) throws Exception {
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = plain.send(HttpRequest.newBuilder(URI.create(dock + "/v2/sessions"))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"pid\":\"PID-FREE0001\",\"clientId\":\"held-"
                            + side + "-" + System.nanoTime() + "-" + i + "\",\"guildId\":\"987654321098765432\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = ID.matcher(body);
            if (!m.find()) {
                throw new IllegalStateException("no session id in " + body);
            }
            ids.add(m.group(1));
        }
        long before = heapUsedAfterCollection();
        List<Object> reads = new ArrayList<>(); // kept reachable while measured
        if (side.equals("jdk")) {
            HttpClient held = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            reads.add(held);
            for (String id : ids) {
                reads.add(held.sendAsync(HttpRequest.newBuilder(URI.create(dock + "/v2/sessions/" + id + "?wait=25"))
                        .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofByteArray()));
            }
        } else {
            OkHttpClient ok = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();
            ExecutorService threads = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
            reads.add(ok);
            reads.add(threads);
            for (String id : ids) {
                reads.add(threads.submit(() -> {
                    try (Response response = ok.newCall(new Request.Builder().url(dock + "/v2/sessions/" + id + "?wait=25")
                            .header("Authorization", "Bearer " + KEY).build()).execute()) {
                        return response.body().bytes();
                    }
                }));
            }
        }
        int held = waitForHeld(control, count, Duration.ofSeconds(20), false);
        long after = heapUsedAfterCollection();
        System.out.printf("%-6s %d held of %d: %.1f KiB of heap per held read; RSS %d MiB; live threads %d%n",
                side.equals("jdk") ? "JDK" : "OkHttp", held, count, (after - before) / 1024.0 / count,
                rssKiB() / 1024, Thread.activeCount());
        System.out.flush();
        System.exit(reads.isEmpty() ? 1 : 0);
    }

    /** Waits until the mock holds {@code count} long-polls (or, with {@code atMost}, no more than that); returns the last count. */
    private static int waitForHeld(String control, int count, Duration limit, boolean atMost) throws Exception {
        HttpClient plain = HttpClient.newHttpClient();
        long end = System.nanoTime() + limit.toNanos();
        int held;
        do {
            held = StandaloneMock.heldLongPolls(plain.send(HttpRequest.newBuilder(URI.create(control + "/dock/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            if (atMost ? held <= count : held >= count) {
                return held;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < end);
        return held;
    }

    private static long heapUsedAfterCollection() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
