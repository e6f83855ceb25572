package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A request whose body's length is framed twice over ({@code Content-Length} with {@code Transfer-Encoding},
 * or two {@code Content-Length} headers) is refused by Node.js, behind the real services, with 400 and the
 * connection closed (llhttp: "Content-Length can't be present with Transfer-Encoding", "Duplicate
 * Content-Length"), since the two framings disagree on where the next request starts (request smuggling).
 * The mock took the first {@code Content-Length} as mockwebserver3 reads it, created a Dock session from the
 * request, and read what the other framing counts as body as the next request on the connection.
 */
class AmbiguousBodyFramingTest {

    private static final String CREATE = "{\"pid\":\"PID-FREE0001\",\"clientId\":\"smuggled\"}";

    @Test
    void aContentLengthBesideTransferEncodingIsRefusedWith400AndTheConnectionClosed() throws IOException {
        try (MockServer server = MockServer.start()) {
            String answer = exchange(server, "POST /dock/v2/sessions HTTP/1.1\r\nHost: mock\r\n"
                    + "Authorization: Bearer dock_test_free\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + CREATE.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + CREATE);

            assertThat(answer).startsWith("HTTP/1.1 400 ").containsIgnoringCase("Connection: close")
                    .doesNotContain("<no end>");
            assertThat(server.dock().sessionCount()).as("no session made from the request").isZero();
        }
    }

    @Test
    void twoContentLengthsAreRefusedWith400AndTheConnectionClosed() throws IOException {
        try (MockServer server = MockServer.start()) {
            String answer = exchange(server, "POST /dock/v2/sessions HTTP/1.1\r\nHost: mock\r\n"
                    + "Authorization: Bearer dock_test_free\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + CREATE.length() + "\r\nContent-Length: " + CREATE.length() + "\r\n\r\n" + CREATE);

            assertThat(answer).startsWith("HTTP/1.1 400 ").containsIgnoringCase("Connection: close")
                    .doesNotContain("<no end>");
            assertThat(server.dock().sessionCount()).as("no session made from the request").isZero();
        }
    }

    /** What the server sent until it closed the connection; "<no end>" appended when it did not within 10 s. */
    private static String exchange(MockServer server, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000); // a bound, not a race: a refusing server answers in milliseconds
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                out.write("<no end>".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // a reset after the answer: what was read is the answer
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
