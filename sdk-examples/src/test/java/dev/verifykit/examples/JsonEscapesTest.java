package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.verifykit.testing.RawServer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code Json.printable} escapes, the text output and the {@code --json} output show alike.
 *
 * <p>A lone surrogate (review of cfbaceb): {@code Json.write}'s Javadoc says each character
 * {@code Json.printable} escapes is written as a JSON escape "and a parser reads back the same value";
 * the CHANGELOG says "--json output writes ... lone surrogates from a server as JSON escapes". But
 * {@code write} escapes Moshi's output, and Moshi writes its JSON through okio's {@code writeUtf8},
 * which replaces every lone surrogate with {@code '?'} before {@code printable} sees it: the value was
 * altered ({@code "a?b"}), while the text output showed {@code a\uD800b}.
 *
 * <p>The bidirectional marks ALM (U+061C), LRM (U+200E) and RLM (U+200F), escaped by the SDK in the
 * server text it quotes as the overrides and isolates are, reached the terminal raw in both outputs.
 */
class JsonEscapesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a\ud800b | a\\uD800b", "Bob\u200F-1\u200E\u061C | Bob\\u200F-1\\u200E\\u061C"})
    void anEscapedCharacterIsWrittenAsAJsonEscapeAsTheTextOutputShowsIt(String name, String shown) {
        assertThat(Json.printable(name)).as("the text output").isEqualTo(shown);
        assertThat(Json.write(Map.of("displayName", name))).as("the --json output")
                .isEqualTo("{\"displayName\":\"" + shown + "\"}");
    }

    /**
     * A member's name (a Dokai liveness check, named by the server) was written by Moshi itself,
     * through okio's UTF-8 encoder, which replaces a lone surrogate with {@code '?'}: the name was
     * altered, not escaped.
     */
    @Test
    void aLoneSurrogateInAMemberNameIsWrittenAsAJsonEscape() throws Exception {
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("a\ud800b", 0.85);

        String json = Json.write(Map.of("checks", checks));

        assertThat(json).as("the --json output").isEqualTo("{\"checks\":{\"a\\uD800b\":0.85}}");
        Object read = new Moshi.Builder().build().adapter(Object.class).fromJson(json);
        assertThat(read).as("read back").isEqualTo(Map.of("checks", Map.of("a\ud800b", 0.85)));
    }

    @Test
    void dokaiGetJsonKeepsALivenessCheckNamedWithALoneSurrogate() throws Exception {
        String session = "{\"id\":\"ver_abc123\",\"status\":\"verified\",\"type\":\"hosted\","
                + "\"face_match\":{\"matched\":true,\"score\":0.92,\"threshold\":0.363},"
                + "\"liveness\":{\"passed\":true,\"score\":0.78,\"checks\":{\"tex\\ud800ture\":0.85}}}";
        byte[] body = session.getBytes(StandardCharsets.UTF_8);
        try (RawServer server = new RawServer(conn -> {
            conn.write("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n");
            conn.write(body);
            conn.socket.close();
        })) {
            Cli.Run run = Cli.run("dokai", "--api-key=dk_test_cli_7f2a", "--base-url=" + server.url("/dokai"), "get",
                    "ver_abc123", "--json");

            assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
            assertThat(run.out()).as("the --json output").contains("\"checks\":{\"tex\\uD800ture\":0.85}");
        }
    }
}
