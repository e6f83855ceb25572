package dev.verifykit.bench.latency;

import dev.verifykit.bench.jmh.RetrieveBenchmark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Dock retrieve comparison of {@link RetrieveBenchmark} (same server, same clients), measured
 * {@link Paired paired}: batches of 100 SDK reads and 100 hand-written reads alternate, so that the
 * ratio is not at the mercy of which side ran while the machine was busier. With several JVMs, each
 * runs its share of the time in turn (after its own warm-up) and {@link Paired#combine} puts them
 * together: the ratio's interval is then across JVMs, whose medians differ by more than one JVM's
 * rounds show.
 *
 * <p>Arguments: output file, seconds of measurement (default 40), JVMs (default 1: in this one,
 * after 5 s of warm-up; with several, each warms up for {@value #JVM_WARMUP_SECONDS} s, since the
 * SDK's longer path reaches its compiled speed later: one JVM's median ratio after 3, 10, 20 and
 * 40 s of warm-up measured 1.22, 1.07, 1.04–1.10 and 1.05).
 */
public final class RetrievePaired {
    static final int JVM_WARMUP_SECONDS = 15;

    private RetrievePaired() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length > 0 && args[0].equals("--jvm")) {
            Results.write(Path.of(args[1]), inProcess(Integer.parseInt(args[3]), Integer.parseInt(args[2])));
            return;
        }
        Args arguments = new Args(args);
        Path out = arguments.out("retrieve-paired.json");
        int seconds = arguments.number(1, 40);
        int jvms = arguments.number(2, 1);
        if (jvms == 1) {
            Results.write(out, inProcess(5, seconds));
            return;
        }
        List<Map<String, Object>> runs = Paired.inJvms(RetrievePaired.class, jvms,
                String.valueOf(Math.max(1, seconds / jvms)), String.valueOf(JVM_WARMUP_SECONDS));
        Map<String, Object> figures = labelled(Paired.combine(runs));
        figures.put("jvmWarmupSeconds", JVM_WARMUP_SECONDS);
        Results.write(out, figures);
    }

    private static Map<String, Object> inProcess(int warmupSeconds, int seconds) {
        RetrieveBenchmark bench = new RetrieveBenchmark();
        try {
            bench.setUp();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return labelled(new Paired(bench::sdk, () -> {
                try {
                    bench.handWritten();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, 100).run(warmupSeconds, seconds));
        } finally {
            bench.tearDown();
        }
    }

    private static Map<String, Object> labelled(Map<String, Object> figures) {
        figures.put("a", "SDK sessions().retrieve(id)");
        figures.put("b", "hand-written OkHttp + Moshi");
        return figures;
    }
}
