package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.verifykit.dock.DockClient;
import dev.verifykit.error.ApiException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.testing.RawServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The Redactor promises a secret is found "broken by a line break (CR, LF or CRLF) ... (a text
 * wrapped or folded)". A folded line (RFC 5322 §2.2.3, RFC 9112 obs-fold, a mail or proxy page
 * wrapping long words) is a line break followed by white space; a server echoing the key folded so
 * puts it, readable, into the exception message.
 */
class FoldedSecretEchoTest {
    static final String KEY = HostileServerTest.KEY; // dock_test_hostile_5f3a

    private static String answer(int status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n" + body;
    }

    @Test
    void aKeyEchoedFoldedInAnErrorMessageIsMasked() throws Exception {
        String folded = KEY.substring(0, 10) + "\\r\\n " + KEY.substring(10); // JSON text: CRLF and a space
        try (RawServer server = new RawServer(conn -> {
            conn.write(answer(401, "application/json", "{\"status\":401,\"error\":\"INVALID_API_KEY\",\"message\":\"unknown key "
                    + folded + "\",\"meta\":{\"requestId\":\"req_1\"}}"));
            conn.socket.close();
        }); DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock")).maxRetries(0).build()) {
            Throwable thrown = assertTimeoutPreemptively(HostileServerTest.GUARD,
                    () -> catchThrowable(() -> dock.sessions().retrieve(HostileServerTest.ID)));
            assertThat(thrown).isInstanceOf(ApiException.class);
            String shown = HostileServerTest.everything(thrown);
            assertThat(shown).contains("unknown key")
                    .doesNotContain(KEY.substring(0, 10)).doesNotContain(KEY.substring(10));
        }
    }

    @Test
    void aKeyEchoedFoldedInAPlainTextPageIsNotPreviewed() throws Exception {
        try (RawServer server = new RawServer(conn -> {
            conn.write(answer(200, "text/plain", "proxy: request with Authorization Bearer " + KEY.substring(0, 10)
                    + "\r\n\t" + KEY.substring(10) + " refused"));
            conn.socket.close();
        }); DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock")).maxRetries(0).build()) {
            Throwable thrown = assertTimeoutPreemptively(HostileServerTest.GUARD,
                    () -> catchThrowable(() -> dock.sessions().retrieve(HostileServerTest.ID)));
            assertThat(thrown).isInstanceOf(MalformedResponseException.class);
            String shown = HostileServerTest.everything(thrown);
            assertThat(shown).contains("proxy: request")
                    .doesNotContain(KEY.substring(0, 10)).doesNotContain(KEY.substring(10));
        }
    }
}
