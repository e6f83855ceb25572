package dev.verifykit.bench.mock;

import com.squareup.moshi.Moshi;
import dev.verifykit.bench.latency.Results;
import dev.verifykit.bench.latency.Stats;
import dev.verifykit.mock.MockServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * What {@code MockServerExtension} costs a test class: {@code MockServer.start()} then
 * {@code close()}, in process. The first test class of a JVM pays the class loading too ("first"),
 * every later one only the start and close ("later"). Each child JVM times its first start and then
 * {@code later} more; the first starts of all children are the "first" sample. As many children
 * again, alternating with those, first build an OkHttp client and use Moshi, as a test JVM's code
 * under test does with the libraries the SDK shares with the mock, before their one start
 * ("firstWithLibraries"): what the mock's first start costs beyond those libraries' loading.
 *
 * <p>Arguments: output file, child JVMs (default 10), later starts per child (default 20).
 * {@code --child N} and {@code --child-with-libraries 0} are how it runs itself.
 */
public final class MockStartTime {
    private MockStartTime() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--child") || args[0].equals("--child-with-libraries")) {
            if (args[0].equals("--child-with-libraries")) {
                useSharedLibraries();
            }
            child(Integer.parseInt(args[1]));
            return;
        }
        Path out = Path.of(args[0]);
        int children = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int later = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Double> first = new ArrayList<>();
        List<Double> laterMs = new ArrayList<>();
        List<Double> firstWithLibraries = new ArrayList<>();
        for (int c = 0; c < children; c++) {
            boolean librariesFirst = c % 2 == 1;
            for (boolean withLibraries : new boolean[] {librariesFirst, !librariesFirst}) {
                Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        MockStartTime.class.getName(), withLibraries ? "--child-with-libraries" : "--child",
                        String.valueOf(withLibraries ? 0 : later))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        String[] parts = line.split(" ");
                        if (parts[0].equals("first")) {
                            (withLibraries ? firstWithLibraries : first).add(Double.parseDouble(parts[1]));
                        } else if (parts[0].equals("later")) {
                            laterMs.add(Double.parseDouble(parts[1]));
                        }
                    }
                }
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("a child failed");
                }
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("what", "MockServer.start() + close() in process: a JVM's first (class loading included), later ones, and the"
                + " first in a JVM whose OkHttp client and Moshi are in use already");
        figures.put("children", children);
        figures.put("firstMs", Stats.of(first, 1));
        figures.put("laterMs", Stats.of(laterMs, 1));
        figures.put("firstWithLibrariesMs", Stats.of(firstWithLibraries, 1));
        figures.put("javaVersion", System.getProperty("java.version"));
        Results.write(out, figures);
    }

    private static void child(int later) throws IOException {
        System.out.println("first " + startAndClose());
        for (int i = 0; i < later; i++) {
            System.out.println("later " + startAndClose());
        }
    }

    /**
     * What a test JVM's code under test has done with the libraries the SDK and the mock share
     * (OkHttp, Okio, the Kotlin standard library, Moshi) before a test class starts the mock: an
     * OkHttp client built, and a JSON value written with Moshi.
     */
    private static void useSharedLibraries() {
        OkHttpClient client = new OkHttpClient();
        String json = new Moshi.Builder().build().adapter(Map.class).toJson(Map.of("status", 200));
        if (json.isEmpty()) {
            throw new IllegalStateException("Moshi wrote nothing");
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private static double startAndClose() {
        long start = System.nanoTime();
        MockServer server = MockServer.start();
        server.close();
        return (System.nanoTime() - start) / 1e6;
    }
}
