package dev.verifykit.bench.coldstart;

import dev.verifykit.bench.jmh.CannedDockServer;
import dev.verifykit.bench.latency.Stats;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Cold start: from starting a fresh JVM to its first completed Dock read, {@link SdkFirstRetrieve}
 * (the SDK) against {@link HandFirstRetrieve} (OkHttp + Moshi by hand), each in a new process, the
 * two alternating (order swapped every round) so that drift hits both alike; per round, the ratio
 * SDK / hand-written. Both read from one {@link CannedDockServer} in this process. Each child runs
 * on the class path a user would have: this module's classes (the two programs), the core jar and
 * core's runtime dependencies (the hand-written side without the core jar). The command line's
 * {@code --help} ({@code java -jar} on the examples jar) is timed in the same rounds, to its exit.
 *
 * <p>Arguments: output file, rounds (default 20), directory of core's runtime dependency jars,
 * the core jar, the examples' {@code -all} jar, the directory of this module's classes.
 */
public final class ColdStart {
    private static final String KEY = "dock_test_free";
    private static final String ID = "vsn_coldstart00000000000001";

    private ColdStart() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Path libDir = Path.of(args[2]);
        Path coreJar = Path.of(args[3]);
        Path cliJar = Path.of(args[4]);
        Path classes = Path.of(args[5]);
        List<Path> libs;
        try (Stream<Path> list = Files.list(libDir)) {
            libs = list.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> handPath = new ArrayList<>(List.of(classes.toString()));
        libs.forEach(p -> handPath.add(p.toString()));
        List<String> sdkPath = new ArrayList<>(handPath);
        sdkPath.add(1, coreJar.toString());

        try (CannedDockServer server = CannedDockServer.start()) {
            List<String> sdk = List.of(java, "-cp", String.join(File.pathSeparator, sdkPath),
                    SdkFirstRetrieve.class.getName(), server.dockBaseUrl(), KEY, ID);
            List<String> hand = List.of(java, "-cp", String.join(File.pathSeparator, handPath),
                    HandFirstRetrieve.class.getName(), server.dockBaseUrl(), KEY, ID);
            List<String> cli = List.of(java, "-jar", cliJar.toString(), "--help");
            // once each, not counted: the jars into the page cache
            run(sdk, true);
            run(hand, true);
            run(cli, false);

            List<Double> sdkMs = new ArrayList<>();
            List<Double> handMs = new ArrayList<>();
            List<Double> sdkCpuMs = new ArrayList<>();
            List<Double> handCpuMs = new ArrayList<>();
            List<Double> cliMs = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> cpuRatios = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                double[] s;
                double[] h;
                if (round % 2 == 0) {
                    s = run(sdk, true);
                    h = run(hand, true);
                } else {
                    h = run(hand, true);
                    s = run(sdk, true);
                }
                cliMs.add(run(cli, false)[0]);
                sdkMs.add(s[0]);
                sdkCpuMs.add(s[1]);
                handMs.add(h[0]);
                handCpuMs.add(h[1]);
                ratios.add(s[0] / h[0]);
                cpuRatios.add(s[1] / h[1]);
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("what", "JVM start to the first completed Dock retrieve, a fresh process each");
            figures.put("rounds", rounds);
            figures.put("sdkWallMs", Stats.of(sdkMs, 1));
            figures.put("handWallMs", Stats.of(handMs, 1));
            figures.put("ratio", Stats.of(ratios, 1));
            figures.put("sdkCpuMs", Stats.of(sdkCpuMs, 1));
            figures.put("handCpuMs", Stats.of(handCpuMs, 1));
            figures.put("cpuRatio", Stats.of(cpuRatios, 1));
            figures.put("cliHelpWallMs", Stats.of(cliMs, 1));
            Map<String, Object> weight = new LinkedHashMap<>();
            long total = Files.size(coreJar);
            weight.put(coreJar.getFileName().toString(), Files.size(coreJar));
            for (Path lib : libs) {
                weight.put(lib.getFileName().toString(), Files.size(lib));
                total += Files.size(lib);
            }
            figures.put("runtimeJars", weight);
            figures.put("runtimeJarCount", libs.size() + 1);
            figures.put("runtimeMiB", total / (1024.0 * 1024.0));
            figures.put("javaVersion", System.getProperty("java.version"));
            dev.verifykit.bench.latency.Results.write(out, figures);
        }
    }

    /**
     * Starts {@code command} and returns the milliseconds until it printed {@code done} (or, when
     * {@code untilDone} is false, until it exited 0), and the CPU milliseconds it reported.
     */
    private static double[] run(List<String> command, boolean untilDone) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("coldstart", ".err");
        try {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            double wall = -1;
            double cpu = -1;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (untilDone && line.equals("done")) {
                        wall = (System.nanoTime() - start) / 1e6;
                    } else if (line.startsWith("cpuNanos ")) {
                        cpu = Long.parseLong(line.substring(9)) / 1e6;
                    }
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not end within 60 s");
            }
            if (!untilDone) {
                wall = (System.nanoTime() - start) / 1e6;
            }
            if (process.exitValue() != 0 || wall < 0) {
                throw new IllegalStateException(command + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(errors));
            }
            return new double[] {wall, cpu};
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
