package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.poll.WaitProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** Every duration flag reads durations as the mock server does, and durations are shown as people write them. */
class DurationCliTest {
    /** A duration flag of a command, and the session id the command needs besides, if any. */
    record Flag(String command, String name, String sessionId) {
        String[] args(String value) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            if (sessionId != null) {
                args.add(sessionId);
            }
            args.addAll(List.of(name, value));
            return args.toArray(String[]::new);
        }

        @Override
        public String toString() {
            return command + " " + name;
        }
    }

    private static final List<Flag> FLAGS = List.of(
            new Flag("dock get", "--wait", "vsn_x"),
            new Flag("dock wait", "--timeout", "vsn_x"),
            new Flag("roblox wait", "--timeout", "00000000-0000-4000-8000-000000000000"),
            new Flag("dokai wait", "--timeout", "ver_x"),
            new Flag("dokai wait", "--poll-interval", "ver_x"),
            new Flag("webhook", "--tolerance", null),
            new Flag("demo", "--user-delay", null));

    static Stream<Arguments> flagsAndValues() {
        List<Arguments> cases = new ArrayList<>();
        Object[][] values = {{"500ms", Duration.ofMillis(500)}, {"5s", Duration.ofSeconds(5)}, {"2m", Duration.ofMinutes(2)},
            {"1h", Duration.ofHours(1)}, {"1d", Duration.ofDays(1)}, {"0", Duration.ZERO}, {"PT5M", Duration.ofMinutes(5)},
            {"2S", Duration.ofSeconds(2)}};
        for (Flag flag : FLAGS) {
            for (Object[] value : values) {
                cases.add(Arguments.of(flag, value[0], value[1]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("flagsAndValues")
    void everyDurationFlagTakesTheMockServersSyntax(Flag flag, String text, Duration expected) {
        ParseResult parsed = VerifyKitCli.commandLine().parseArgs(flag.args(text));

        assertThat(valueOf(parsed, flag.name())).isEqualTo(expected);
    }

    @Test
    void theListAboveHoldsEveryDurationFlag() {
        List<String> found = new ArrayList<>();
        collectDurationFlags(VerifyKitCli.commandLine().getCommandSpec(), found);

        assertThat(found).containsExactlyInAnyOrderElementsOf(FLAGS.stream().map(Flag::toString).toList());
    }

    @Test
    void aBadDurationIsAOneLineUsageErrorNamingTheFlag() {
        for (String bad : new String[] {"soon", "5", "-5s", "5 s", "PT"}) {
            Cli.Run run = Cli.run("dokai", "--api-key=x", "wait", "ver_x", "--timeout=" + bad);

            assertThat(run.exitCode()).as(bad).isEqualTo(2);
            assertThat(run.err()).as(bad).startsWith("error: ").contains("--timeout").endsWith("\n")
                    .hasLineCount(1);
        }
    }

    @Test
    void timeLeftIsShownAsPeopleWriteIt() {
        assertThat(progressLine(Duration.ofSeconds(86_399))).contains(", 23h 59m left,");
        assertThat(progressLine(Duration.ofSeconds(245))).contains(", 4m 05s left,");
        assertThat(progressLine(Duration.ofMillis(12_900))).contains(", 12s left,");
        assertThat(progressLine(Duration.ofMillis(300))).contains(", 0s left,");
        assertThat(progressLine(Duration.ofHours(50))).contains(", 2d 02h left,");
    }

    @Test
    void helpShowsDefaultDurationsAsPeopleWriteThem() {
        assertThat(Cli.run("webhook", "--help").out()).contains("default 5m").doesNotContain("PT5M");
        assertThat(Cli.run("demo", "--help").out()).contains("default 2s").doesNotContain("PT2S");
        assertThat(Cli.run("dokai", "wait", "--help").out()).contains("default 2s").doesNotContain("PT2S");
    }

    private static String progressLine(Duration remaining) {
        StringWriter text = new StringWriter();
        new Progress(new PrintWriter(text, true), false, "dock vsn_x").onProgress(WaitProgress.builder().attempts(3)
                .pollsUsed(3).pollCap(60).elapsed(Duration.ofSeconds(4)).remaining(remaining).lastStatus("pending").build());
        return text.toString();
    }

    private static Object valueOf(ParseResult parsed, String flag) {
        for (ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption(flag)) {
                return r.matchedOptionValue(flag, null);
            }
        }
        throw new AssertionError(flag + " not matched");
    }

    private static void collectDurationFlags(CommandSpec spec, List<String> found) {
        for (OptionSpec option : spec.options()) {
            if (option.type() == Duration.class && !option.inherited()) {
                found.add(spec.qualifiedName(" ").replaceFirst("^\\S+ ", "") + " " + option.longestName());
            }
        }
        for (CommandLine sub : spec.subcommands().values()) {
            if (sub.getCommandSpec().parent() == spec) {
                collectDurationFlags(sub.getCommandSpec(), found);
            }
        }
    }
}
