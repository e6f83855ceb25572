package dev.verifykit.bench.latency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two operations timed in alternating batches in one process: round after round, a batch of
 * each, the order swapped every round. Drift of the machine (on 2 shared cores a single JMH
 * iteration of a loopback call moves by ±15 %) then hits both sides alike, and the ratio of each
 * round compares the two under the same conditions; the median of those ratios is the figure.
 * Several processes' runs are put together by {@link #combine}.
 */
final class Paired {
    private final Runnable a;
    private final Runnable b;
    private final int batch;

    Paired(Runnable a, Runnable b, int batch) {
        this.a = a;
        this.b = b;
        this.batch = batch;
    }

    /**
     * Warms both up for {@code warmupSeconds}, then measures for {@code seconds}: per-call times
     * of each side (in µs) and the per-round ratios a / b.
     */
    Map<String, Object> run(int warmupSeconds, int seconds) {
        rounds(warmupSeconds, new ArrayList<>(), new ArrayList<>());
        List<Double> timesA = new ArrayList<>();
        List<Double> timesB = new ArrayList<>();
        rounds(seconds, timesA, timesB);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < timesA.size(); i++) {
            ratios.add(timesA.get(i) / timesB.get(i));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rounds", timesA.size());
        out.put("batch", batch);
        out.put("aMicros", Stats.of(timesA, 1));
        out.put("bMicros", Stats.of(timesB, 1));
        out.put("ratio", Stats.of(ratios, 1));
        out.put("roundsA", timesA);
        out.put("roundsB", timesB);
        return out;
    }

    /**
     * Runs {@code main} in {@code jvms} fresh JVMs one after another, each as
     * {@code main --jvm <file> <arguments...>} writing its figures to the file, and returns them.
     */
    static List<Map<String, Object>> inJvms(Class<?> main, int jvms, String... arguments)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 0; i < jvms; i++) {
            Path part = Files.createTempFile("paired-", ".json");
            try {
                List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                        main.getName(), "--jvm", part.toString()));
                command.addAll(List.of(arguments));
                Process process = new ProcessBuilder(command).inheritIO().start();
                if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    throw new IllegalStateException("the JVM of run " + (i + 1) + " of " + main.getSimpleName() + " failed");
                }
                runs.add(Results.read(part));
            } finally {
                Files.deleteIfExists(part);
            }
        }
        return runs;
    }

    /**
     * The runs of several JVMs ({@link #run} in each) as one result. A JVM's run has its own
     * compiled code and its own placement on the cores, and its median ratio moves by more than its
     * rounds' interval says; so the ratio's confidence interval here is that of the median of the
     * JVMs' medians ({@code ratio.medianCi95Low/High}, the lowest and highest of six or more JVMs'
     * medians), while median, p10 and p90 are those of all rounds together.
     */
    static Map<String, Object> combine(List<Map<String, Object>> runs) {
        List<Double> timesA = new ArrayList<>();
        List<Double> timesB = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> jvmMedians = new ArrayList<>();
        for (Map<String, Object> run : runs) {
            List<?> a = (List<?>) run.get("roundsA");
            List<?> b = (List<?>) run.get("roundsB");
            List<Double> runRatios = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                double timeA = ((Number) a.get(i)).doubleValue();
                double timeB = ((Number) b.get(i)).doubleValue();
                timesA.add(timeA);
                timesB.add(timeB);
                runRatios.add(timeA / timeB);
            }
            ratios.addAll(runRatios);
            jvmMedians.add((Double) Stats.of(runRatios, 1).get("median"));
        }
        Map<String, Object> ratio = Stats.of(ratios, 1);
        Map<String, Object> acrossJvms = Stats.of(jvmMedians, 1);
        ratio.remove("medianCi95Low");
        ratio.remove("medianCi95High");
        if (acrossJvms.containsKey("medianCi95Low")) {
            ratio.put("medianCi95Low", acrossJvms.get("medianCi95Low"));
            ratio.put("medianCi95High", acrossJvms.get("medianCi95High"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rounds", timesA.size());
        out.put("batch", runs.get(0).get("batch"));
        out.put("jvms", runs.size());
        out.put("jvmMedianRatios", jvmMedians);
        out.put("aMicros", Stats.of(timesA, 1));
        out.put("bMicros", Stats.of(timesB, 1));
        out.put("ratio", ratio);
        return out;
    }

    private void rounds(int seconds, List<Double> timesA, List<Double> timesB) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int round = 0; System.nanoTime() < end; round++) {
            if (round % 2 == 0) {
                timesA.add(batch(a));
                timesB.add(batch(b));
            } else {
                timesB.add(batch(b));
                timesA.add(batch(a));
            }
        }
    }

    /** Microseconds per call of one batch. */
    private double batch(Runnable operation) {
        long start = System.nanoTime();
        for (int i = 0; i < batch; i++) {
            operation.run();
        }
        return (System.nanoTime() - start) / 1e3 / batch;
    }
}
