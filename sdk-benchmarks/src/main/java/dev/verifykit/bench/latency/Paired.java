package dev.verifykit.bench.latency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two operations timed in alternating batches in one process: round after round, a batch of
 * each, the order swapped every round. Drift of the machine (on 2 shared cores a single JMH
 * iteration of a loopback call moves by ±15 %) then hits both sides alike, and the ratio of each
 * round compares the two under the same conditions; the median of those ratios is the figure.
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
