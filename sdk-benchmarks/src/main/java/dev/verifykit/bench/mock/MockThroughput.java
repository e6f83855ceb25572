package dev.verifykit.bench.mock;

import dev.verifykit.bench.latency.Results;
import dev.verifykit.bench.latency.Stats;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Requests per second of the standalone reference mock against WireMock standalone serving the
 * same canned answers (recorded from the mock: a create and a read of a session, headers and
 * bytes), on a Dock create + retrieve mix over 64 keep-alive connections ({@link HttpLoad}). Both
 * servers run as their own processes on this machine at once; batches against each alternate,
 * order swapped every round, and the goal is judged on the per-round ratios mock / WireMock.
 *
 * <p>The mock runs with its defaults except what a load test needs: the create bucket and the
 * daily limit raised, sessions kept 30 s and forgotten 1 s after they end (so that its memory
 * stays bounded). WireMock runs with its defaults except the request journal, bounded to the
 * mock's 10,000 entries, without its banner, and with its files in a temporary directory.
 *
 * <p>Arguments: output file, WireMock standalone jar, rounds (default 8), seconds per batch
 * (default 3), connections (default 64).
 */
public final class MockThroughput {
    private static final String KEY = "dock_test_free";
    private static final String PID = "PID-FREE0001";
    private static final String[] KEPT_HEADERS = {"Content-Type", "X-Request-Id", "X-RateLimit-Limit",
            "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Limit-Day", "X-RateLimit-Remaining-Day"};

    private MockThroughput() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path wiremockJar = Path.of(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Process wiremock = null;
        // WireMock keeps its stubs' files under a root directory (the working directory unless told).
        Path wiremockRoot = Files.createTempDirectory("wiremock-root");
        try (StandaloneMock mock = StandaloneMock.start("--dock-create-burst", "10000000", "--dock-create-refill", "1ms",
                "--dock-free-daily-limit", "1000000000", "--dock-session-lifetime", "30s", "--dock-terminal-retention", "1s")) {
            URI dock = URI.create(mock.dockUrl());
            HttpLoad mockLoad = new HttpLoad(dock.getHost(), dock.getPort(), dock.getPath(), KEY, PID);

            int wiremockPort = freePort();
            wiremock = new ProcessBuilder(java, "-jar", wiremockJar.toString(), "--port", String.valueOf(wiremockPort),
                    "--root-dir", wiremockRoot.toString(), "--bind-address", "127.0.0.1", "--disable-banner", "--max-request-journal-entries", "10000")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String wiremockBase = "http://127.0.0.1:" + wiremockPort;
            OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
            awaitUp(http, wiremockBase + "/__admin/mappings", wiremock);
            stubFromMock(http, dock.toString(), wiremockBase);
            HttpLoad wiremockLoad = new HttpLoad("127.0.0.1", wiremockPort, "/dock", KEY, PID);
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();

            long millis = seconds * 1000L;
            // warm-up: each side twice
            for (int i = 0; i < 2; i++) {
                check(mockLoad.run(connections, millis, "warm-m" + i), "mock");
                check(wiremockLoad.run(connections, millis, "warm-w" + i), "WireMock");
            }
            List<Double> mockRps = new ArrayList<>();
            List<Double> wiremockRps = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                HttpLoad.Batch m;
                HttpLoad.Batch w;
                if (round % 2 == 0) {
                    m = check(mockLoad.run(connections, millis, "m" + round), "mock");
                    w = check(wiremockLoad.run(connections, millis, "w" + round), "WireMock");
                } else {
                    w = check(wiremockLoad.run(connections, millis, "w" + round), "WireMock");
                    m = check(mockLoad.run(connections, millis, "m" + round), "mock");
                }
                mockRps.add(m.perSecond());
                wiremockRps.add(w.perSecond());
                ratios.add(m.perSecond() / w.perSecond());
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("what", "requests/s, Dock create + retrieve mix, keep-alive connections, mock vs WireMock standalone");
            figures.put("rounds", rounds);
            figures.put("secondsPerBatch", seconds);
            figures.put("connections", connections);
            figures.put("mockRps", Stats.of(mockRps, 1));
            figures.put("wiremockRps", Stats.of(wiremockRps, 1));
            figures.put("ratio", Stats.of(ratios, 1));
            figures.put("wiremock", wiremockJar.getFileName().toString() + " (3.13.2), --max-request-journal-entries 10000");
            figures.put("javaVersion", System.getProperty("java.version"));
            Results.write(out, figures);
        } finally {
            if (wiremock != null) {
                wiremock.destroy();
                wiremock.waitFor(10, TimeUnit.SECONDS);
            }
            try (Stream<Path> paths = Files.walk(wiremockRoot)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static HttpLoad.Batch check(HttpLoad.Batch batch, String side) {
        if (batch.failures() > 0) {
            throw new IllegalStateException(side + ": " + batch.failures() + " connections failed, first: " + batch.firstFailure());
        }
        return batch;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitUp(OkHttpClient http, String url, Process process) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("WireMock ended with " + process.exitValue());
            }
            try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
                if (response.code() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("WireMock did not answer within 60 s");
    }

    /** Records a create and a read from the mock, and makes WireMock answer them with the same status, headers and bytes. */
    private static void stubFromMock(OkHttpClient http, String dock, String wiremockBase) throws IOException {
        MediaType json = MediaType.get("application/json");
        Request create = new Request.Builder().url(dock + "/v2/sessions").header("Authorization", "Bearer " + KEY)
                .post(RequestBody.create("{\"pid\":\"" + PID + "\",\"clientId\":\"recorded\"}", json)).build();
        String createStub;
        String id;
        try (Response response = http.newCall(create).execute()) {
            String body = response.body().string();
            createStub = stub("POST", "\"urlPath\":\"/dock/v2/sessions\"", response, body);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            id = HttpLoad.sessionId(bytes, bytes.length);
        }
        String readStub;
        try (Response response = http.newCall(new Request.Builder().url(dock + "/v2/sessions/" + id)
                .header("Authorization", "Bearer " + KEY).build()).execute()) {
            readStub = stub("GET", "\"urlPathPattern\":\"/dock/v2/sessions/[^/]+\"", response, response.body().string());
        }
        for (String stub : List.of(createStub, readStub)) {
            try (Response response = http.newCall(new Request.Builder().url(wiremockBase + "/__admin/mappings")
                    .post(RequestBody.create(stub, json)).build()).execute()) {
                if (response.code() != 201) {
                    throw new IllegalStateException("WireMock refused a stub: " + response.code() + " " + response.body().string());
                }
            }
        }
    }

    private static String stub(String method, String url, Response recorded, String body) {
        if (recorded.code() != 200) {
            throw new IllegalStateException("the mock answered " + recorded.code() + ": " + body);
        }
        StringBuilder headers = new StringBuilder();
        for (String name : KEPT_HEADERS) {
            String value = recorded.header(name);
            if (value != null) {
                headers.append(headers.length() == 0 ? "" : ",").append(quote(name)).append(':').append(quote(value));
            }
        }
        return "{\"request\":{\"method\":\"" + method + "\"," + url + "},\"response\":{\"status\":" + recorded.code()
                + ",\"headers\":{" + headers + "},\"body\":" + quote(body) + "}}";
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
