package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.examples.demo.Demo;
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
                "--dock-api-key=", "--roblox-base-url=", "--dokai-api-key=");

        String transcript = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(transcript).isZero();
        assertThat(transcript)
                .contains("by SSE: ").contains("by long-poll: ").contains("link: discord ")
                .contains("verified: Builder (@builder, 156319135)").contains("refreshed: new JWT valid until")
                .contains("accepted verification.completed (signature verified)")
                .contains("it matches the polled result")
                .contains("All 3 flows verified.");
        assertThat(transcript.lines().filter(l -> l.matches("(dock|roblox|dokai) +yes +\\d+ .*"))).hasSize(3);
    }
}
