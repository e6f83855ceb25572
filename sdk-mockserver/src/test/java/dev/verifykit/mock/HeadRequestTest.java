package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A response to HEAD has no content (RFC 9110 §9.3.2; RFC 9112 §6.3 rule 1: it ends at the blank line after
 * its header section, whatever its Content-Length). Dock and Dokai answer HEAD 405; before, they wrote the
 * JSON error body after the head, and on a kept-alive connection the next response began inside it.
 */
class HeadRequestTest {

    @Test
    void dockHeadAnswerHasNoContentSoTheNextResponseOnTheConnectionIsReadable() throws IOException {
        try (MockServer server = MockServer.start()) {
            assertNextResponseReadableAfterHead(server,
                    "HEAD /dock/v2/sessions/vsn_AAAAAAAAAAAAAAAAAAAAAA HTTP/1.1\r\nHost: x\r\n"
                            + "Authorization: Bearer dock_test_free\r\n\r\n");
        }
    }

    @Test
    void dokaiHeadAnswerHasNoContentSoTheNextResponseOnTheConnectionIsReadable() throws IOException {
        try (MockServer server = MockServer.start()) {
            assertNextResponseReadableAfterHead(server,
                    "HEAD /dokai/v1/verify/session/ver_AAAAAAAAAAAAAAAAAAAAAAAA HTTP/1.1\r\nHost: x\r\n"
                            + "Authorization: Bearer dk_test_mock\r\n\r\n");
        }
    }

    private static void assertNextResponseReadableAfterHead(MockServer server, String head) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            String next = "GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n";
            socket.getOutputStream().write((head + next).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String status = line(in);
            assertThat(status).startsWith("HTTP/1.1 ");
            while (!line(in).isEmpty()) {
                // the HEAD response's header fields
            }
            String afterHead = line(in);
            assertThat(afterHead)
                    .as("the first line after the HEAD response's header section (a HEAD response has no content; "
                            + "it answered '%s')", status)
                    .startsWith("HTTP/1.1 200");
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                out.write(c);
            }
            if (out.size() > 300) {
                break; // a JSON body without a newline: enough to show
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
