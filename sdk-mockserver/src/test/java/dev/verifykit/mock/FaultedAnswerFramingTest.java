package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A faulted answer that is still a whole answer ({@code respond}, {@code truncate-body},
 * {@code delay-head}, {@code throttle-body}) is framed as any other: to HEAD it is the head alone
 * (RFC 9110 §9.3.2; a body after it would be read as the next answer on the connection), and to a
 * request with {@code Connection: close} it says so and closes the connection (RFC 9112 §9.6).
 */
@ExtendWith(MockServerExtension.class)
class FaultedAnswerFramingTest {

    private static final String[] WHOLE_ANSWERS = {"respond status=503", "truncate-body", "delay-head delay=1ms",
        "throttle-body bytes=64 period=1ms"};

    private final MockServer server;

    FaultedAnswerFramingTest(MockServer server) {
        this.server = server;
    }

    static String[] wholeAnswers() {
        return WHOLE_ANSWERS;
    }

    @ParameterizedTest
    @MethodSource("wholeAnswers")
    void aFaultedAnswerToHeadHasNoBody(String fault) throws Exception {
        server.faults().add("* /dock/** " + fault + " times=1");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("HEAD /dock/v2/sessions/vsn_x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int endOfFirstHead = text.indexOf("\r\n\r\n") + 4;
            // the next bytes after the HEAD answer's head must be the next answer's status line
            assertThat(text.substring(endOfFirstHead)).as(text).startsWith("HTTP/1.1 200");
        }
    }

    // sdk-mockserver/README.md: "A request with `Connection: close` is answered with `Connection: close`
    // and its connection closed after the answer (RFC 9112 §9.6), on every service."
    @ParameterizedTest
    @MethodSource("wholeAnswers")
    void aFaultedAnswerToConnectionCloseClosesTheConnection(String fault) throws Exception {
        server.faults().add("* /dock/** " + fault + " times=1");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000); // a safety net: a server that closes answers EOF at once
            OutputStream out = socket.getOutputStream();
            out.write("GET /dock/v2/sessions/vsn_x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            boolean closed;
            try {
                InputStream in = socket.getInputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    all.write(buffer, 0, n);
                }
                closed = true;
            } catch (java.net.SocketTimeoutException e) {
                closed = false;
            }
            String text = all.toString(StandardCharsets.UTF_8);
            assertThat(text).as("the head").containsIgnoringCase("Connection: close");
            assertThat(closed).as("connection closed after the answer: " + text).isTrue();
        }
    }
}
