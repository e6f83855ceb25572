package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Dock stream's pacing and a dropped stream's end, where no test looked (found by mutation testing
 * the stream): CONTRACT.md, "a {@code : keep-alive} comment every 10 s", so never more often than the
 * setting; README, Fault injection, {@code drop-stream}: "a stream that ends without its closing chunk
 * after K session events", at once, not at the stream maximum (that is {@code stall-stream}).
 */
class DockStreamPinnedTest {

    private MockServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * A stream of 1 s with keep-alives after 100 ms of silence has room for at most 9: each one needs
     * 100 ms of real time after the last thing sent, however slow the machine is (a slower machine sends
     * fewer, never more).
     */
    @Test
    void keepAlivesAreNeverCloserThanTheKeepAliveSetting() throws Exception {
        server = MockServer.start(MockSettings.builder().dock(DockSettings.builder()
                .keepAlive(Duration.ofMillis(100)).streamMaxDuration(Duration.ofSeconds(1)).build()).build());
        String id = new Http(server).newSession("paced");

        int keepAlives = 0;
        try (SessionStreamTest.Sse sse = new SessionStreamTest.Sse(Http.CLIENT.newCall(new Request.Builder()
                .url(server.dockBaseUrl() + "/v2/sessions/" + id + "/stream")
                .header("Authorization", "Bearer " + Http.FREE).build()).execute())) {
            for (List<String> block; (block = sse.next()) != null; ) {
                if (block.equals(List.of(": keep-alive"))) {
                    keepAlives++;
                }
            }
        }

        assertThat(keepAlives).as("keep-alives in a 1-s stream, 100 ms apart at the closest").isLessThanOrEqualTo(10);
    }

    /**
     * With a stream maximum of an hour, only the drop itself can close the connection within the socket's
     * 30-s timeout (a guard against a hang, not a duration measured).
     */
    @Test
    void aDroppedStreamClosesRightAfterItsEventsNotAtTheStreamMaximum() throws Exception {
        server = MockServer.start(MockSettings.builder().dock(DockSettings.builder()
                .streamMaxDuration(Duration.ofHours(1)).keepAlive(Duration.ofHours(1)).build()).build());
        String id = new Http(server).newSession("dropped");
        server.faults().add("GET /dock/v2/sessions/*/stream drop-stream events=1 times=1");

        String text;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000); // the hang guard
            OutputStream out = socket.getOutputStream();
            out.write(("GET /dock/v2/sessions/" + id + "/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + Http.FREE + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
            text = all.toString(StandardCharsets.UTF_8);
        }

        assertThat(text).startsWith("HTTP/1.1 200").contains("event: session").contains("id: 1")
                .doesNotContain("id: 2").doesNotEndWith("0\r\n\r\n");
    }
}
