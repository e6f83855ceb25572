package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * README: "a value the client refuses before sending" is bad usage, exit 2, and "a value the client
 * refuses is named by the flag that gave it". The demo's real Dock flow takes its pid from
 * --dock-pid (or DOCK_PID, where a stray space or line break comes along): a pid the client refuses
 * was found only when the Dock flow built its first create, after the transcript's first lines, so
 * the other two flows ran against the mock and the demo exited 1, the pid named "pid".
 */
class DemoDockPidCheckedFirstTest {
    @Test
    void aDockPidTheClientRefusesIsBadUsageNamingTheFlagBeforeAnythingRuns() {
        Cli.Run run = Cli.run("demo", "--dock-api-key=dock_live_review_not_shown", "--dock-pid=PID-REVIEW01 ",
                "--dock-base-url=http://127.0.0.1:9/dock", "--roblox-base-url=", "--dokai-api-key=", "--user-delay=0");

        assertThat(run.exitCode()).as("exit code; stdout: %s%nstderr: %s", run.out(), run.err()).isEqualTo(2);
        assertThat(run.err()).contains("--dock-pid: must not start or end with white space")
                .doesNotContain("dock_live_review_not_shown");
        assertThat(run.out()).as("nothing ran or was printed").isEmpty();
    }
}
