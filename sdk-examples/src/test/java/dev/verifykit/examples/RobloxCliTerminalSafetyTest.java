package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.testing.RawServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * What {@code verifykit roblox} prints when a hostile or broken RPC server puts terminal control
 * sequences or line breaks into the text it sends (a display name, an error message): they are
 * shown escaped, never sent raw to the terminal, where ESC would let the server rewrite the
 * screen, the window title or the clipboard (OSC 52), and a line break would forge output lines.
 */
class RobloxCliTerminalSafetyTest {
    private static final String SESSION = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";

    private static RawServer answering(int status, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return new RawServer(conn -> {
            conn.write("HTTP/1.0 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n");
            conn.write(body);
            conn.socket.close();
        });
    }

    private static String jwt() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"robloxUserId\":\"156319135\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}")
                        .getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void aDisplayNameWithEscapeSequencesOrLineBreaksIsShownEscaped() throws Exception {
        String verified = "{\"result\":{\"data\":{\"status\":\"verified\",\"jwt\":\"" + jwt() + "\",\"user\":{"
                + "\"robloxUserId\":\"156319135\",\"username\":\"builder\\u202e\",\"displayName\":\"Bob\\u001b]52;c;cm0gLXJmIH4=\\u0007"
                + "\\u001b[2J\\nerror: forged\",\"picture\":\"https://tr.rbxcdn.com/x.png\"}}}}";
        try (RawServer server = answering(200, verified)) {
            Cli.Run run = Cli.run("roblox", "--base-url=" + server.url("/roblox"), "check", SESSION);

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("verified: Bob\\u001B]52;c;cm0gLXJmIH4=\\u0007\\u001B[2J\\u000Aerror: forged"
                    + " (@builder\\u202E, 156319135)").doesNotContain("\u001b", "\u0007", "\u202e");
            assertThat(run.out().lines()).as("no line of the server's").noneMatch(line -> line.startsWith("error:"));
        }
    }

    @Test
    void anErrorMessageWithEscapeSequencesIsShownEscaped() throws Exception {
        String refused = "{\"error\":{\"message\":\"Invalid or expired verification code\\u001b[2J\\u001b[1;1Hall good\\r\","
                + "\"code\":-32600,\"data\":{\"code\":\"BAD_REQUEST\",\"httpStatus\":400,\"path\":\"auth.completeVerification\"}}}";
        try (RawServer server = answering(400, refused)) {
            Cli.Run run = Cli.run("roblox", "--base-url=" + server.url("/roblox"), "complete", "--code", "482913",
                    "--user-id", "156319135", "--secret", "game-secret-7d1f");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("Invalid or expired verification code\\u001B[2J\\u001B[1;1Hall good\\u000D")
                    .doesNotContain("\u001b", "\r");
        }
    }

    /**
     * With {@code --json} the same characters are JSON escapes: the JSON was Moshi's, which escapes
     * only U+0000 to U+001F, {@code "}, {@code \} and U+2028/U+2029, so a C1 CSI (U+009B), DEL or a
     * right-to-left override (U+202E) in a display name reached the terminal raw.
     */
    @Test
    void theJsonOutputEscapesC1ControlsDelAndBidiOverridesAsTheTextOutputDoes() throws Exception {
        String verified = "{\"result\":{\"data\":{\"status\":\"verified\",\"jwt\":\"" + jwt() + "\",\"user\":{"
                + "\"robloxUserId\":\"156319135\",\"username\":\"builder\",\"displayName\":\"Bob\\u009b2J\\u007f\\u202eevil\","
                + "\"picture\":\"https://tr.rbxcdn.com/x.png\"}}}}";
        try (RawServer text = answering(200, verified); RawServer json = answering(200, verified)) {
            Cli.Run shown = Cli.run("roblox", "--base-url=" + text.url("/roblox"), "check", SESSION);
            Cli.Run written = Cli.run("roblox", "--base-url=" + json.url("/roblox"), "check", SESSION, "--json");

            assertThat(shown.exitCode()).as(shown.err()).isZero();
            assertThat(shown.out()).as("the text output").doesNotContain("\u009b", "\u007f", "\u202e");
            assertThat(written.exitCode()).as(written.err()).isZero();
            assertThat(written.out()).as("the --json output").doesNotContain("\u009b", "\u007f", "\u202e")
                    .contains("\"displayName\":\"Bob\\u009B2J\\u007F\\u202Eevil\"");
        }
    }
}
