package dev.verifykit.bench.latency;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Order statistics of a sample (percentiles nearest-rank; the median of an even number of values the
 * mean of the two middle ones), and a distribution-free confidence interval of its median.
 */
public final class Stats {
    private Stats() {}

    /** count, min, p10, median, p90, p99, max and mean of {@code values}, in the unit given. */
    public static Map<String, Object> of(List<? extends Number> values, double divisor) {
        double[] sorted = values.stream().mapToDouble(v -> v.doubleValue() / divisor).sorted().toArray();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", sorted.length);
        if (sorted.length == 0) {
            return out;
        }
        out.put("min", sorted[0]);
        out.put("p10", rank(sorted, 0.10));
        out.put("median", median(sorted));
        out.put("p90", rank(sorted, 0.90));
        out.put("p99", rank(sorted, 0.99));
        out.put("max", sorted[sorted.length - 1]);
        out.put("mean", Arrays.stream(sorted).average().orElse(0));
        double[] ci = medianInterval(sorted);
        if (ci != null) {
            out.put("medianCi95Low", ci[0]);
            out.put("medianCi95High", ci[1]);
        }
        return out;
    }

    /**
     * A confidence interval of at least 95 % for the median of the population {@code sorted} was
     * drawn from, assuming only independent draws: the order statistics {@code x(k)} and
     * {@code x(n+1-k)} with the largest {@code k} such that {@code P(Binomial(n, 1/2) < k) <= 2.5 %}.
     * Null for fewer than 6 values (no such {@code k}).
     */
    static double[] medianInterval(double[] sorted) {
        int n = sorted.length;
        // log of the binomial probabilities, summed from 0 up, so that large n does not overflow
        double cumulative = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            double logP = logChoose(n, i) - n * Math.log(2);
            if (cumulative + Math.exp(logP) > 0.025) {
                break;
            }
            cumulative += Math.exp(logP);
            k = i + 1;
        }
        if (k < 1) {
            return null;
        }
        return new double[] {sorted[k - 1], sorted[n - k]};
    }

    private static double logChoose(int n, int k) {
        double sum = 0;
        for (int i = 1; i <= k; i++) {
            sum += Math.log(n - k + i) - Math.log(i);
        }
        return sum;
    }

    /** The median of {@code sorted}: its middle value, or the mean of its two middle values. */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public static double rank(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
