package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ValidationException;
import dev.verifykit.roblox.RobloxVerificationClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A rule between two settings names both ("naming the field", DESIGN) and shows both values as they
 * were: the refusal of a maximum poll interval below the initial one named the second setting only in
 * words and showed it in whole milliseconds, so that 900 µs and 500 µs read "must be at least the
 * initial poll interval (0 ms)", a rule the 500 µs given keeps. Likewise the Roblox check interval.
 */
class TwoSettingRuleMessageTest {

    @Test
    void theMaximumPollIntervalsRefusalNamesTheInitialOneAndShowsBothValues() {
        assertThatThrownBy(() -> DokaiClient.builder().apiKey("dk_test_rule_7c1e")
                .initialPollInterval(Duration.ofNanos(900_000)).maxPollInterval(Duration.ofNanos(500_000)).build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("maxPollInterval: ")
                .hasMessageContaining("initialPollInterval (0.0009 s; was 0.0005 s)");
    }

    @Test
    void theCheckIntervalsRefusalNamesTheMinimumAndShowsBothValues() {
        assertThatThrownBy(() -> RobloxVerificationClient.builder().baseUrl("http://127.0.0.1:9/roblox")
                .minCheckInterval(Duration.ofNanos(900_000)).checkInterval(Duration.ofNanos(500_000)).build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("checkInterval: ")
                .hasMessageContaining("minCheckInterval (0.0009 s; was 0.0005 s)");
    }

    /** "At least": a maximum equal to the initial interval (a fixed pace) is no breach of the rule. */
    @Test
    void aMaximumPollIntervalEqualToTheInitialOneIsAccepted() {
        assertThatCode(() -> DokaiClient.builder().apiKey("dk_test_rule_7c1e")
                .initialPollInterval(Duration.ofSeconds(5)).maxPollInterval(Duration.ofSeconds(5)).build().close())
                .doesNotThrowAnyException();
    }
}
