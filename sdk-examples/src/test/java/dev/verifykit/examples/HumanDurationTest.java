package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link HumanDuration} as its Javadoc documents it: durations read as the mock server reads its flags (not
 * negative), and shown in the two largest units, rounded down, each unit from its first whole one.
 */
class HumanDurationTest {

    @Test
    void eachUnitIsShownFromItsFirstWholeOne() {
        assertThat(HumanDuration.format(Duration.ofMillis(59_999))).isEqualTo("59s");
        assertThat(HumanDuration.format(Duration.ofSeconds(60))).isEqualTo("1m 00s");
        assertThat(HumanDuration.format(Duration.ofSeconds(3_599))).isEqualTo("59m 59s");
        assertThat(HumanDuration.format(Duration.ofSeconds(3_600))).isEqualTo("1h 00m");
        assertThat(HumanDuration.format(Duration.ofSeconds(86_400))).isEqualTo("1d 00h");
        assertThat(HumanDuration.format(Duration.ofSeconds(-5))).isEqualTo("0s");
    }

    @Test
    void aDurationTooLongToHoldOrNegativeIsRefusedQuotingTheText() {
        assertThat(HumanDuration.parse(" 5M ")).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> HumanDuration.parse("999999999999999999d"))
                .hasMessage("expects a duration like 500ms, 5s, 2m, 1h, 1d, 0 or PT5M, got '999999999999999999d'");
        assertThatThrownBy(() -> HumanDuration.parse("PT-1S"))
                .hasMessage("expects a duration like 500ms, 5s, 2m, 1h, 1d, 0 or PT5M (not negative), got 'PT-1S'");
    }
}
