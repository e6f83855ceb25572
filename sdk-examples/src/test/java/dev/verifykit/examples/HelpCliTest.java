package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** What {@code --help} offers: only flags that act, each saying which variable it reads. */
class HelpCliTest {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{env:([A-Z_]+)}");

    @Test
    void flagsThatDoNothingForACommandAreNotOffered() {
        assertThat(Cli.run("dock", "create", "--help").out()).doesNotContain("--plan").doesNotContain("--version");
        assertThat(Cli.run("dock", "get", "--help").out()).doesNotContain("--plan");
        assertThat(Cli.run("dock", "wait", "--help").out()).contains("--plan");
        assertThat(Cli.run("dock", "stream", "--help").out()).contains("--plan");
        assertThat(Cli.run("dokai", "create", "--help").out()).doesNotContain("--poll-interval");
        assertThat(Cli.run("dokai", "get", "--help").out()).doesNotContain("--poll-interval");
        assertThat(Cli.run("dokai", "wait", "--help").out()).contains("--poll-interval");
        assertThat(Cli.run("dock", "create", "--pid", "PID-FREE0001", "--client-id", "u", "--plan", "PREMIUM")
                .exitCode()).isEqualTo(2);
        assertThat(Cli.run("dokai", "--poll-interval", "1s", "get", "ver_x").exitCode()).isEqualTo(2);
        assertThat(Cli.run("dock", "get", "-V").exitCode()).isEqualTo(2);
    }

    @Test
    void subcommandsAreListedByName() {
        assertThat(Cli.run("dock", "--help").out()).containsSubsequence("  create ", "  get ", "  stream ", "  wait ");
        assertThat(Cli.run("roblox", "--help").out()).containsSubsequence("  begin ", "  check ", "  complete ",
                "  refresh ", "  wait ");
        assertThat(Cli.run("--help").out()).containsSubsequence("  demo ", "  dock ", "  roblox ", "  dokai ");
    }

    @Test
    void theTopHelpListsTheExitCodesTheReadmeDocuments() {
        String help = Cli.run("--help").out();

        assertThat(help).contains("Exit codes:").containsPattern("(?m)^ +0 +done")
                .containsPattern("(?m)^ +1 +a request refused or failed").containsPattern("(?m)^ +2 +bad usage")
                .containsPattern("(?m)^ +130 +interrupted").containsPattern("(?m)^ +143 +terminated");
    }

    @Test
    void helpShowsTheHelpOfTheCommandNamedHoweverDeep() {
        Cli.Run create = Cli.run("help", "dock", "create");
        Cli.Run unknown = Cli.run("help", "dock", "delete");

        assertThat(create.exitCode()).isZero();
        assertThat(create.out()).startsWith("Usage: verifykit dock create").contains("--client-id")
                .isEqualTo(Cli.run("dock", "create", "--help").out());
        assertThat(Cli.run("help", "dock").out()).isEqualTo(Cli.run("dock", "--help").out());
        assertThat(Cli.run("help").out()).isEqualTo(Cli.run("--help").out());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("error: unexpected argument 'delete'\n");
    }

    @Test
    void onlyTheTopCommandHasVersion() {
        List<String> withVersion = new ArrayList<>();
        visit(VerifyKitCli.commandLine().getCommandSpec(), spec -> {
            if (spec.findOption("--version") != null) {
                withVersion.add(spec.qualifiedName());
            }
        });

        assertThat(withVersion).containsExactly("verifykit");
        assertThat(Cli.run("--version").out()).startsWith("verifykit ");
    }

    /** A flag carrying a secret says in its help why its variable is better (README: "Prefer the variables"). */
    private static final List<String> SECRETS = List.of("DOCK_API_KEY", "DOKAI_API_KEY", "ROBLOX_VERIFICATION_SECRET",
            "ROBLOX_JWT", "DOKAI_WEBHOOK_SECRET");

    @Test
    void everyFlagThatReadsAVariableSaysWhichInItsHelp() {
        List<String> silent = new ArrayList<>();
        List<String> unwarned = new ArrayList<>();
        List<String> variables = new ArrayList<>();
        CommandLine uninterpolated = VerifyKitCli.commandLine();
        uninterpolated.setInterpolateVariables(false);
        visit(uninterpolated.getCommandSpec(), spec -> {
            for (OptionSpec option : spec.options()) {
                Matcher m = VARIABLE.matcher(String.valueOf(option.defaultValue()));
                if (m.matches() && !option.inherited()) {
                    variables.add(m.group(1));
                    String help = String.join(" ", option.description());
                    if (!help.contains("env " + m.group(1))) {
                        silent.add(spec.qualifiedName() + " " + option.longestName());
                    }
                    if (SECRETS.contains(m.group(1)) && !help.contains("better: a flag shows in process listings")) {
                        unwarned.add(spec.qualifiedName() + " " + option.longestName());
                    }
                }
            }
        });

        assertThat(silent).isEmpty();
        assertThat(unwarned).isEmpty();
        assertThat(variables).contains("DOCK_API_KEY", "DOCK_PID", "DOCK_BASE_URL", "DOKAI_API_KEY", "DOKAI_BASE_URL",
                "ROBLOX_RPC_URL", "ROBLOX_VERIFICATION_SECRET", "ROBLOX_JWT", "DOKAI_WEBHOOK_SECRET");
        assertThat(Cli.run("dock", "create", "--help").out().replaceAll("\\s+", " ")).contains("(env DOCK_PID)");
    }

    @Test
    void everyCommandButMockHasItsOwnHelpFlag() {
        visit(VerifyKitCli.commandLine().getCommandSpec(), spec -> {
            if (!spec.name().equals("help") && !spec.name().equals("mock")) {
                assertThat(spec.findOption("--help")).as(spec.qualifiedName()).isNotNull();
                assertThat(spec.findOption("-h")).as(spec.qualifiedName()).isNotNull();
            }
        });
    }

    private static void visit(CommandSpec spec, java.util.function.Consumer<CommandSpec> action) {
        action.accept(spec);
        for (CommandLine sub : spec.subcommands().values()) {
            if (sub.getCommandSpec().parent() == spec) {
                visit(sub.getCommandSpec(), action);
            }
        }
    }
}
