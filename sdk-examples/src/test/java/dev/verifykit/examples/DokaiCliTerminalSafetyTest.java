package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.testing.RawServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code verifykit dokai get --json} with a session whose liveness checks a hostile or broken server
 * named with a C1 CSI (U+009B), DEL and a right-to-left override (U+202E). {@code Json.write}'s
 * Javadoc: "each character {@code printable} escapes written as a JSON escape", so that "the server
 * can neither drive the terminal ... nor forge a line of the output". The checks are written as a
 * JSON object, whose member names Moshi writes itself (escaping only U+0000 to U+001F, {@code "},
 * {@code \} and U+2028/U+2029), not through the escaping string adapter: they reached the terminal raw.
 */
class DokaiCliTerminalSafetyTest {
    private static RawServer answering(String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return new RawServer(conn -> {
            conn.write("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n");
            conn.write(body);
            conn.socket.close();
        });
    }

    @Test
    void livenessCheckNamesAreWrittenWithTheJsonEscapesOfTheirControlAndBidiCharacters() throws Exception {
        String session = "{\"id\":\"ver_abc123\",\"status\":\"verified\",\"type\":\"hosted\","
                + "\"face_match\":{\"matched\":true,\"score\":0.92,\"threshold\":0.363},"
                + "\"liveness\":{\"passed\":true,\"score\":0.78,\"checks\":{\"tex\\u009b2Jture\\u007f\\u202eevil\":0.85}}}";
        try (RawServer server = answering(session)) {
            Cli.Run run = Cli.run("dokai", "--api-key=dk_test_cli_7f2a", "--base-url=" + server.url("/dokai"), "get",
                    "ver_abc123", "--json");

            assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
            assertThat(run.out()).as("the --json output").doesNotContain("\u009b", "\u007f", "\u202e")
                    .contains("\"checks\":{\"tex\\u009B2Jture\\u007F\\u202Eevil\":0.85}");
        }
    }
}
