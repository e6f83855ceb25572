package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.examples.demo.Demo;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The main job: the demo runs all three flows against the embedded mock and exits 0. */
class DemoTest {
    @Test
    void theDemoVerifiesAllThreeFlows() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        int exit = new CommandLine(new Demo(out)).execute("--user-delay", "PT0.5S",
                "--dock-api-key=", "--dock-pid=", "--roblox-base-url=", "--dokai-api-key=");

        String transcript = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(transcript).isZero();
        assertThat(transcript)
                .contains("by SSE: ").contains("by long-poll: ").contains("link: discord ")
                .contains("verified: Builder (@builder, 156319135)").contains("refreshed: new JWT valid until")
                .contains("accepted verification.completed (signature verified)")
                .contains("it matches the polled result")
                .contains("All 3 flows verified.");
        assertThat(transcript.lines().filter(l -> l.matches("(dock|roblox|dokai) +yes +\\d+ .*"))).hasSize(3);
        assertThat(transcript).as("no real service").doesNotContain("the real").doesNotContain("the service at");
    }

    @Test
    void aRealDokaiKeyGoesToTheDokaiBaseUrlGiven() {
        try (MockServer elsewhere = MockServer.start()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CommandLine demo = new CommandLine(new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
            demo.setErr(new java.io.PrintWriter(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

            // a key the other server refuses, so that the flow ends at its first call
            int exit = demo.execute("--user-delay", "PT0.5S", "--dock-api-key=", "--dock-pid=", "--roblox-base-url=",
                    "--dokai-api-key=dokai_not_this_servers", "--dokai-base-url=" + elsewhere.dokaiBaseUrl());

            String transcript = bytes.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(transcript).isNotZero();
            // before: "dokai: the real service", though the key went to this other server
            assertThat(transcript).contains("dokai: the service at " + elsewhere.dokaiBaseUrl() + " (a Dokai key was given");
            assertThat(elsewhere.journal().find(MockJournalQuery.all().method("POST"))).as("the create went there")
                    .singleElement().satisfies(entry -> assertThat(entry.path()).startsWith("/dokai/"));
        }
    }

    @Test
    void aDockKeyWithoutItsPidIsAUsageErrorNotASilentMockRun() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        CommandLine demo = new CommandLine(new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        demo.setErr(new java.io.PrintWriter(errors, true, StandardCharsets.UTF_8));

        int exit = demo.execute("--dock-api-key=dock_live_not_shown", "--dock-pid=", "--roblox-base-url=", "--dokai-api-key=");

        assertThat(exit).isEqualTo(2);
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("needs both --dock-api-key and --dock-pid")
                .doesNotContain("dock_live_not_shown");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).as("nothing ran").isEmpty();
    }

    /**
     * A value a real service's client refuses is bad usage, checked before anything runs or is
     * printed. Before, the transcript's first line printed the RPC URL with its password, and the
     * refusal failed its flow (exit 1) after the others ran against the mock.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "--roblox-base-url=https://bob:hunter2secret@127.0.0.1:1/trpc | --roblox-base-url: must not contain user-info",
        "--dokai-api-key=bad\u00e9hunter2secret                        | --dokai-api-key: ",
        "--user-delay=200000000000d                                   | --user-delay must be from 0 to 1h"})
    void aValueTheClientWouldRefuseIsBadUsageBeforeAnythingRuns(String flag, String error) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        CommandLine demo = new CommandLine(new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        demo.setErr(new java.io.PrintWriter(errors, true, StandardCharsets.UTF_8));
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "--dock-api-key=", "--dock-pid=", "--roblox-base-url=", "--dokai-api-key="));
        args.removeIf(unset -> flag.startsWith(unset)); // the others left to the mock, whatever the environment says
        args.add(flag);

        int exit = demo.execute(args.toArray(String[]::new));

        assertThat(exit).isEqualTo(2);
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains(error).doesNotContain("hunter2secret");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).as("nothing ran or was printed").isEmpty();
    }
}
