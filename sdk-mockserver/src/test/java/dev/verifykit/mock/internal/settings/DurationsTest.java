package dev.verifykit.mock.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Durations as the module README documents them for flags and fault rules: a whole number with a unit, {@code 0},
 * or ISO-8601, at most 999,999,999 s; and the short form {@code --help} shows defaults in, which reads back.
 */
class DurationsTest {

    @Test
    void zeroAndTheLongestAreTakenAndOneSecondMoreIsRefusedNamingTheFlag() {
        assertThat(Durations.parse("--dock-max-wait", " 0 ")).isZero();
        assertThat(Durations.parse("--dock-max-wait", "999999999s")).isEqualTo(Duration.ofSeconds(999_999_999));
        assertThatThrownBy(() -> Durations.parse("--dock-max-wait", "1000000000s"))
                .hasMessage("--dock-max-wait must be at most 999999999s, got '1000000000s'");
        assertThatThrownBy(() -> Durations.parse("--dock-max-wait", "5 minutes"))
                .hasMessage("--dock-max-wait expects a duration like 500ms, 2s, 5m or 1h, got '5 minutes'");
    }

    @Test
    void theShortFormUsesTheLargestWholeUnitAndReadsBack() {
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofSeconds(60))).isEqualTo("60s");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.format(Duration.ofDays(1))).isEqualTo("24h");
        for (Duration d : new Duration[] {Duration.ofMillis(1500), Duration.ofSeconds(59), Duration.ofMinutes(90),
                Duration.ofHours(2), Duration.ofSeconds(3601)}) {
            assertThat(Durations.parse("x", Durations.format(d))).as(Durations.format(d)).isEqualTo(d);
        }
    }
}
