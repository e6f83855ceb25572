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
        assertThat(transcript).as("no real service").doesNotContain("the real");
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
            assertThat(transcript).contains("dokai: the real service");
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
}
