package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Every command prints through picocli's configured writers ({@code CommandLine.setOut/setErr}), as
 * an application embedding {@link VerifyKitCli#commandLine()} (and the tests' {@link Cli}) sets them;
 * {@code mock} handed the standalone server {@code System.out}/{@code System.err} instead, so its
 * refusal of a bad flag never reached the configured error writer, and {@code demo} wrote its
 * transcript to {@code System.out} (so {@code CliFlagsTest}'s "nothing ran" checks of {@code run.out()}
 * held whatever the demo printed).
 */
class CliConfiguredWritersTest {
    @Test
    void mockPrintsItsUsageErrorThroughTheConfiguredErrorWriter() {
        Cli.Run run = Cli.run("mock", "--bogus");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).as("the configured error writer").contains("--bogus");
    }

    @Test
    void demoPrintsItsTranscriptThroughTheConfiguredWriter() {
        Cli.Run run = Cli.run("demo", "--user-delay=100ms", "--dock-api-key=", "--dock-pid=", "--roblox-base-url=",
                "--dokai-api-key=");

        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
        assertThat(run.out()).as("the configured output writer").contains("All 3 flows verified.");
    }
}
