package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A response to HEAD has no content (RFC 9110 §9.3.2; RFC 9112 §6.3 rule 1: it ends at the blank line after
 * its header section, whatever its Content-Length). Dock and Dokai answer HEAD 405; before, they wrote the
 * JSON error body after the head, and on a kept-alive connection the next response began inside it.
 * A 204 or 304 carries no {@code Content-Length} either (RFC 9110 §8.6): the real RPC server (tRPC over
 * Node.js) answers HEAD with a bare 204, and a {@code respond} fault's 204 and 304 are "sent without a
 * body"; the mock sent {@code Content-Length: 0} with each.
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

    @Test
    void theRpcsHeadAnswerIs204WithoutContentLength() throws IOException {
        try (MockServer server = MockServer.start()) {
            List<String> head = head(server, "HEAD /roblox/auth.beginVerification HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(head.get(0)).startsWith("HTTP/1.1 204");
            assertThat(head).noneMatch(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15));
        }
    }

    @Test
    void injected204And304CarryNoContentLength() throws IOException {
        try (MockServer server = MockServer.start()) {
            server.faults().add("GET /dokai/v1/verify/session/* respond status=204 times=1");
            server.faults().add("GET /dokai/v1/verify/session/* respond status=304 times=1");
            for (String status : new String[] {"204", "304"}) {
                List<String> head = head(server, "GET /dokai/v1/verify/session/ver_x HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: Bearer dk_test_mock\r\nConnection: close\r\n\r\n");
                assertThat(head.get(0)).startsWith("HTTP/1.1 " + status);
                assertThat(head).as("the head of the injected %s", status)
                        .noneMatch(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15));
            }
        }
    }

    /** The status line and header fields of the answer to {@code request}. */
    private static List<String> head(MockServer server, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            List<String> lines = new ArrayList<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                lines.add(line);
            }
            return lines;
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
