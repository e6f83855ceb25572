package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code verifykit mock}: the standalone server's flags pass through; usage lines name the launcher. */
class MockCliTest {
    @Test
    void helpAndBadFlagsPassThroughToTheStandaloneServer() {
        assertThat(Cli.run("mock", "--help").exitCode()).isZero();
        assertThat(Cli.run("mock", "--dock-session-lifetime", "soon").exitCode()).isEqualTo(2);
        assertThat(Cli.run("mock", "--bogus").exitCode()).isEqualTo(2);
    }

    @Test
    void helpShowsThisCommandNotTheStandaloneJar() {
        Cli.Run run = Cli.run("mock", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: verifykit mock [flags]\n").contains("--dock-session-lifetime")
                .doesNotContain("java -jar");
    }

    @Test
    void theLauncherNamesItselfInEveryUsageLine() {
        String before = System.getProperty(VerifyKitCli.LAUNCHER_PROPERTY);
        System.setProperty(VerifyKitCli.LAUNCHER_PROPERTY, "./verifykit");
        try {
            assertThat(Cli.run("mock", "--help").out()).startsWith("Usage: ./verifykit mock [flags]\n");
            assertThat(Cli.run("dock", "wait", "--help").out()).startsWith("Usage: ./verifykit dock wait ");
            assertThat(Cli.run("--help").out().replaceAll("\\s+", " ")).contains("'./verifykit mock --help'");
        } finally {
            if (before == null) {
                System.clearProperty(VerifyKitCli.LAUNCHER_PROPERTY);
            } else {
                System.setProperty(VerifyKitCli.LAUNCHER_PROPERTY, before);
            }
        }
    }
}
