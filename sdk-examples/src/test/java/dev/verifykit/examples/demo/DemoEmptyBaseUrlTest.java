package dev.verifykit.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * README, "The command line": "a flag given empty is bad usage (a {@code --base-url=} does not fall
 * back to the service's production URL), except {@code demo}'s {@code --dock-api-key=},
 * {@code --dock-pid=}, {@code --roblox-base-url=} and {@code --dokai-api-key=}". The demo's
 * {@code --dock-base-url=} and {@code --dokai-base-url=} are not among the exceptions.
 */
class DemoEmptyBaseUrlTest {
    @ParameterizedTest
    @ValueSource(strings = {"--dock-base-url=", "--dokai-base-url="})
    void anEmptyBaseUrlFlagIsBadUsage(String flag) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine demo = new CommandLine(new Demo(new PrintStream(out, true, StandardCharsets.UTF_8)));
        demo.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));

        int exit = demo.execute("--user-delay", "0", "--dock-api-key=", "--dock-pid=", "--roblox-base-url=",
                "--dokai-api-key=", flag);

        assertThat(exit).as("exit code; stderr: %s; transcript:%n%s", err, out).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(flag.replace("=", ""));
    }
}
