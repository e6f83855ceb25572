package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The standalone server's flags as the module README documents them: values after a space or {@code =},
 * bounds inclusive, a bad value refused in one line naming the flag once, and {@code --help} listing every
 * flag, itself included, with the default a flag would give.
 */
class CommandLineTest {

    @Test
    void aNumberIsTakenUpToItsBoundsInclusive() {
        assertThat(CommandLine.parse("--port", "0").settings().port()).isZero();
        assertThat(CommandLine.parse("--port=65535", "--help").settings().port()).isEqualTo(65535);
        assertThatThrownBy(() -> CommandLine.parse("--port", "65536"))
                .hasMessage("--port expects a whole number from 0 to 65535, got '65536'");
    }

    @Test
    void aRefusedValueNamesTheFlagOnce() {
        assertThatThrownBy(() -> CommandLine.parse("--dock-session-lifetime", "5\nmin"))
                .hasMessage("--dock-session-lifetime expects a duration like 500ms, 2s, 5m or 1h, got '5?min'");
        assertThatThrownBy(() -> CommandLine.parse("--dock-max-wait", "1500ms"))
                .hasMessage("--dock-max-wait: maxWait must be whole seconds: PT1.5S");
        assertThat(CommandLine.parse("--dock-session-lifetime=PT90S").settings().dock().sessionLifetime())
                .isEqualTo(Duration.ofSeconds(90));
    }

    /**
     * Settings that must not share a value are refused by the settings' builders, after every flag was
     * read; on the command line the refusal names the flags that gave them (README: "a bad flag or value
     * prints one line"), as one value refused does, and quotes neither value (API keys). Of three that
     * must differ, it names the two that are equal, not all three.
     */
    @Test
    void valuesThatMustDifferAreRefusedNamingTheirFlags() {
        assertThatThrownBy(() -> CommandLine.parse("--dock-premium-api-key", "dock_test_free"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--dock-free-api-key and --dock-premium-api-key must differ");
        assertThatThrownBy(() -> CommandLine.parse("--dock-free-pid=PID-PREM0001"))
                .hasMessage("--dock-free-pid and --dock-premium-pid must differ");
        assertThatThrownBy(() -> CommandLine.parse("--dokai-other-api-key", "k_1", "--dokai-no-kyc-api-key", "k_1"))
                .hasMessage("--dokai-other-api-key and --dokai-no-kyc-api-key must differ");
        assertThatThrownBy(() -> CommandLine.parse("--dokai-no-kyc-api-key", "dk_test_mock"))
                .hasMessage("--dokai-api-key and --dokai-no-kyc-api-key must differ");
    }

    @Test
    void helpListsItselfAndTheDefaultsAsAFlagWouldGiveThem() {
        String help = CommandLine.usage();

        assertThat(help.lines()).anySatisfy(line -> assertThat(line).startsWith("  --help ").endsWith("print this help and exit"));
        assertThat(help.lines()).anySatisfy(line -> assertThat(line).startsWith("  --dock-session-lifetime DURATION ")
                .endsWith(" (5m)"));
        assertThat(help.lines()).anySatisfy(line -> assertThat(line).startsWith("  --fault RULE ").doesNotContain("("));
    }
}
