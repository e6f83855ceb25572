package dev.verifykit.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * CHANGELOG: "the {@code verifykit} CLI escapes [server text] in what it prints too"; RELIABILITY.md:
 * "the CLI escapes what it prints of a server's text". {@code verifykit demo --roblox-base-url …} runs
 * the Roblox flow against a server of the user's choosing and prints what it answers in its transcript.
 */
class DemoTerminalSafetyTest {

    private static String jwt() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        return b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"robloxUserId\":\"156319135\",\"username\":\"builder\",\"displayName\":\"Bob\","
                        + "\"picture\":null,\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}").getBytes(StandardCharsets.UTF_8))
                + ".c2ln";
    }

    @Test
    @Timeout(120)
    void aRealRpcServersDisplayNameReachesTheTranscriptEscaped() {
        try (MockServer rpc = MockServer.start()) {
            // the "real" RPC server answers the first check: verified, with a display name carrying
            // an OSC 52 clipboard write, a clear-screen and a forged line
            String verified = "{\"result\":{\"data\":{\"status\":\"verified\",\"jwt\":\"" + jwt() + "\",\"user\":{"
                    + "\"robloxUserId\":\"156319135\",\"username\":\"builder\",\"displayName\":"
                    + "\"Bob\\u001b]52;c;cm0gLXJmIH4=\\u0007\\u001b[2J\\nAll 3 flows verified.\","
                    + "\"picture\":\"https://tr.rbxcdn.com/x.png\"}}}}";
            rpc.faults().add("POST", "/roblox/auth.checkVerification", MockFault.respond(200).withBody(verified), 1);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CommandLine demo = new CommandLine(new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
            demo.setErr(new PrintWriter(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

            demo.execute("--user-delay", "0", "--dock-api-key=", "--dock-pid=", "--dokai-api-key=",
                    "--roblox-base-url=" + rpc.robloxBaseUrl());

            String transcript = bytes.toString(StandardCharsets.UTF_8);
            assertThat(transcript).contains("roblox  verified: Bob");
            assertThat(transcript).as("the server's text reaches the terminal raw:%n%s", transcript)
                    .doesNotContain("\u001b", "\u0007");
            assertThat(transcript.lines()).as("a line forged by the server").noneMatch(l -> l.startsWith("All 3 flows"));
        }
    }
}
