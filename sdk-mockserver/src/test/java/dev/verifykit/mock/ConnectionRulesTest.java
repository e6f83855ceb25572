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
 * How the mock frames requests and closes connections, as Node.js (behind the real services) does.
 *
 * <p>An HTTP/1.0 request asks for its connection to close after the answer unless it names
 * {@code keep-alive} (RFC 9112 §9.3): an HTTP/1.0 client (ApacheBench without {@code -k},
 * {@code curl --http1.0}, a script reading to the end) reads the answer until the connection closes.
 * The mock kept it open, so such a client hung on every answer.
 *
 * <p>A request whose body's length is framed twice over ({@code Content-Length} with
 * {@code Transfer-Encoding}, or two {@code Content-Length} headers) is refused with 400 and the
 * connection closed (llhttp: "Content-Length can't be present with Transfer-Encoding", "Duplicate
 * Content-Length"), since the two framings disagree on where the next request starts (request
 * smuggling). The mock took the first {@code Content-Length}, created a Dock session from the request,
 * and read what the other framing counts as body as the next request on the connection.
 */
class ConnectionRulesTest {

    private static final String CREATE = "{\"pid\":\"PID-FREE0001\",\"clientId\":\"smuggled\"}";

    @Test
    void aContentLengthBesideTransferEncodingIsRefusedWith400AndTheConnectionClosed() throws IOException {
        try (MockServer server = MockServer.start()) {
            String answer = readToTheEnd(server, "POST /dock/v2/sessions HTTP/1.1\r\nHost: mock\r\n"
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
            String answer = readToTheEnd(server, "POST /dock/v2/sessions HTTP/1.1\r\nHost: mock\r\n"
                    + "Authorization: Bearer dock_test_free\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + CREATE.length() + "\r\nContent-Length: " + CREATE.length() + "\r\n\r\n" + CREATE);

            assertThat(answer).startsWith("HTTP/1.1 400 ").containsIgnoringCase("Connection: close")
                    .doesNotContain("<no end>");
            assertThat(server.dock().sessionCount()).as("no session made from the request").isZero();
        }
    }

    @Test
    void anHttp10RequestWithoutKeepAliveHasItsConnectionClosedAfterTheAnswer() throws IOException {
        try (MockServer server = MockServer.start()) {
            String answer = readToTheEnd(server, "GET /dock/v2/sessions/vsn_AAAAAAAAAAAAAAAAAAAAAA HTTP/1.0\r\n"
                    + "Authorization: Bearer dock_test_free\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 404 ").containsIgnoringCase("\r\nConnection: close\r\n")
                    .contains("SESSION_NOT_FOUND").doesNotContain("<no end>");
            assertThat(server.journal().entries()).singleElement()
                    .satisfies(e -> assertThat(e.status()).isEqualTo(404));
        }
    }

    @Test
    void anHttp10RequestNamingKeepAliveKeepsItsConnection() throws IOException {
        try (MockServer server = MockServer.start(); Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET /_mock/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                    + "GET /_mock/health HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

            String answers = readToTheEnd(socket);

            assertThat(answers.split("HTTP/1.1 200 ", -1)).as("two answers on the one connection").hasSize(3);
            assertThat(answers.split("\r\nConnection: keep-alive\r\n", -1)).as("the first told it persists").hasSize(2);
            assertThat(answers).doesNotContain("<no end>");
        }
    }

    private static String readToTheEnd(MockServer server, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return readToTheEnd(socket);
        }
    }

    /** Everything until the server closes the connection; "<no end>" appended when it did not within 10 s. */
    private static String readToTheEnd(Socket socket) throws IOException {
        socket.setSoTimeout(10_000); // a bound, not a race: a closing server answers in milliseconds
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
