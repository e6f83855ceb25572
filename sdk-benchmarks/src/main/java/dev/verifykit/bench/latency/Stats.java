package dev.verifykit.bench.latency;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Order statistics of a sample, nearest-rank. */
final class Stats {
    private Stats() {}

    /** count, min, p10, median, p90, p99, max and mean of {@code values}, in the unit given. */
    static Map<String, Object> of(List<? extends Number> values, double divisor) {
        double[] sorted = values.stream().mapToDouble(v -> v.doubleValue() / divisor).sorted().toArray();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", sorted.length);
        if (sorted.length == 0) {
            return out;
        }
        out.put("min", sorted[0]);
        out.put("p10", rank(sorted, 0.10));
        out.put("median", rank(sorted, 0.50));
        out.put("p90", rank(sorted, 0.90));
        out.put("p99", rank(sorted, 0.99));
        out.put("max", sorted[sorted.length - 1]);
        out.put("mean", Arrays.stream(sorted).average().orElse(0));
        return out;
    }

    static double rank(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
