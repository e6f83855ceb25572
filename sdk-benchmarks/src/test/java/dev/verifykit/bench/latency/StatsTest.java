package dev.verifykit.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfAnEvenNumberOfValuesIsTheMeanOfTheTwoMiddleOnes() {
        // e.g. the per-round ratios of the mock throughput (8 rounds) or of cold start (20 rounds)
        Map<String, Object> stats = Stats.of(List.of(4.0, 1.0, 3.0, 2.0), 1);

        assertThat(stats.get("median")).isEqualTo(2.5);
    }

    @Test
    void medianOfAnOddNumberOfValuesIsTheMiddleOne() {
        assertThat(Stats.of(List.of(3.0, 1.0, 2.0), 1).get("median")).isEqualTo(2.0);
    }

    @Test
    void medianIntervalIsTheBinomialOrderStatistics() {
        double[] twenty = new double[20];
        for (int i = 0; i < twenty.length; i++) {
            twenty[i] = i + 1;
        }
        // P(Binomial(20, 1/2) <= 5) = 0.0207 <= 2.5 % < P(<= 6) = 0.0577: x(6) and x(15)
        assertThat(Stats.medianInterval(twenty)).containsExactly(6.0, 15.0);
        // six values: only min and max (1 - 2/64 = 96.9 %); five: no interval of 95 %
        assertThat(Stats.medianInterval(new double[] {1, 2, 3, 4, 5, 6})).containsExactly(1.0, 6.0);
        assertThat(Stats.medianInterval(new double[] {1, 2, 3, 4, 5})).isNull();
    }
}
