package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code verifykit mock}: the standalone server's flags pass through. */
class MockCliTest {
    @Test
    void helpAndBadFlagsPassThroughToTheStandaloneServer() {
        assertThat(Cli.run("mock", "--help").exitCode()).isZero();
        assertThat(Cli.run("mock", "--dock-session-lifetime", "soon").exitCode()).isEqualTo(2);
        assertThat(Cli.run("mock", "--bogus").exitCode()).isEqualTo(2);
    }
}
