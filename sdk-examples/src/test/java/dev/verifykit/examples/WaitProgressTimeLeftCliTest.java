package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockServerExtension;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.mock.RobloxSettings;
import dev.verifykit.testing.Background;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * README: "{@code ./verifykit … wait …  # progress: time left, polls used of the cap}". The progress
 * line of {@code roblox wait} says how long is left; the server told the session's end in its answer
 * ({@code expiresAt}), and the wait ends there, yet the line shows the engine's bound for a session
 * just begun (10 minutes and the grace), whatever the session's real end.
 */
class WaitProgressTimeLeftCliTest {
    private static final Duration LIFETIME = Duration.ofSeconds(50);

    @RegisterExtension
    static final MockServerExtension MOCK = MockServerExtension.with(MockSettings.builder()
            .roblox(RobloxSettings.builder().sessionLifetime(LIFETIME).build()).build());

    private final MockServer mock;

    WaitProgressTimeLeftCliTest(MockServer mock) {
        this.mock = mock;
    }

    @Test
    void theTimeLeftShownIsNeverMoreThanTheSessionHasLeft() throws Exception {
        Cli.Run begun = Cli.run("roblox", "--base-url=" + mock.robloxBaseUrl(), "begin", "--json");
        assertThat(begun.exitCode()).as(begun.err()).isZero();
        String sessionId = begun.out().replaceAll("(?s).*\"sessionId\":\"([^\"]+)\".*", "$1").trim();
        String code = begun.out().replaceAll("(?s).*\"code\":\"([^\"]+)\".*", "$1").trim();

        CommandLine cli = VerifyKitCli.commandLine(false);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> waiting = Background.supply(() -> cli.execute("roblox",
                "--base-url=" + mock.robloxBaseUrl(), "wait", sessionId));
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!err.toString().contains("pending") && !waiting.isDone() && System.nanoTime() - giveUp < 0) {
            Thread.sleep(10);
        }
        mock.roblox().complete(code, "156319135");
        int exit = waiting.get(60, TimeUnit.SECONDS);

        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString().lines().filter(line -> line.contains(": pending")))
                .as("the progress lines of a session of %s", LIFETIME)
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).as("time left of a session that lives %s", LIFETIME)
                        .matches(".*: pending, \\d{1,2}s left, polls \\d+"));
    }
}
