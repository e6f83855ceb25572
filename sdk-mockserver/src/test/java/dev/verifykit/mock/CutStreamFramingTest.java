package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stream a fault cuts ({@code drop-stream}, {@code stall-stream}, {@code reset-mid-body}) "ends without
 * its closing chunk" (README, Fault injection): its last bytes are those of a whole chunk, then the
 * connection closes, as a connection dropped mid-stream looks. Not a chunk-size line the chunked framing
 * cannot read (a client then reports a malformed answer, "Expected leading [0-9a-fA-F] character", rather
 * than the cut the fault stands for).
 */
class CutStreamFramingTest {

    @RegisterExtension
    static MockServerExtension mock = MockServerExtension.with(MockSettings.builder()
            .dock(DockSettings.builder().streamMaxDuration(Duration.ofMillis(300)).build()).build());

    @ParameterizedTest
    @ValueSource(strings = {"drop-stream events=1", "drop-stream events=0", "stall-stream events=1", "reset-mid-body"})
    void aCutStreamEndsAfterAWholeChunk(String fault) throws Exception {
        MockServer server = mock.server();
        String id = new Http(server).newSession("cut");
        server.faults().add("GET /dock/v2/sessions/*/stream " + fault + " times=1");

        String text = rawStream(server, id);
        String body = text.substring(text.indexOf("\r\n\r\n") + 4);

        int at = 0;
        int chunks = 0;
        while (at < body.length()) {
            int lineEnd = body.indexOf("\r\n", at);
            String sizeLine = lineEnd < 0 ? body.substring(at) : body.substring(at, lineEnd);
            assertThat(sizeLine).as("chunk-size line %d after %d whole chunks of %s", at, chunks, text)
                    .matches("[0-9a-fA-F]+");
            int size = Integer.parseInt(sizeLine, 16);
            assertThat(size).as("a cut stream has no closing chunk: " + text).isPositive();
            at = lineEnd + 2 + size + 2;
            chunks++;
        }
        assertThat(chunks).as(text).isPositive();
        assertThat(server.journal().entries()).last().extracting(MockJournalEntry::faulted).isEqualTo(true);
    }

    /**
     * README, Fault injection, {@code drop-stream}: "a stream that ends without its closing chunk after K
     * session events", at once, not at the stream maximum (that is {@code stall-stream}; found unpinned
     * by mutation testing). With a maximum of an hour, only the drop can close the connection.
     */
    @Test
    void aDroppedStreamClosesRightAfterItsEventsNotAtTheStreamMaximum() throws Exception {
        try (MockServer server = MockServer.start(MockSettings.builder().dock(DockSettings.builder()
                .streamMaxDuration(Duration.ofHours(1)).keepAlive(Duration.ofHours(1)).build()).build())) {
            String id = new Http(server).newSession("dropped");
            server.faults().add("GET /dock/v2/sessions/*/stream drop-stream events=1 times=1");

            assertThat(rawStream(server, id)).startsWith("HTTP/1.1 200").contains("event: session").contains("id: 1")
                    .doesNotContain("id: 2").doesNotEndWith("0\r\n\r\n");
        }
    }

    /** The answer's bytes up to the connection's close (a cut stream's connection closes). */
    private static String rawStream(MockServer server, String id) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000); // a hang guard: a cut stream's connection closes at once
            OutputStream out = socket.getOutputStream();
            out.write(("GET /dock/v2/sessions/" + id + "/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + Http.FREE + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    all.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the cut stream's connection stayed open: "
                        + all.toString(StandardCharsets.UTF_8), e);
            }
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
