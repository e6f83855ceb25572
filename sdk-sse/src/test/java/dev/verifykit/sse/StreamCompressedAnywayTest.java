package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.MalformedResponseException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Stream opens ask {@code Accept-Encoding: identity}, so OkHttp inflates nothing; a server or proxy
 * that gzips the stream anyway handed the reader raw gzip bytes: no event was read, and the open
 * failed as "the stream ended before its first session event", naming nothing of the cause, on every
 * open until the wait fell back to long-polls (or failed). The failure names the encoding now.
 */
class StreamCompressedAnywayTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    @Test
    void aStreamGzippedThoughAskedUncompressedFailsNamingTheEncoding() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(StreamWireTest.event(1, "completed").getBytes(StandardCharsets.UTF_8));
        }
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                .setHeader("Content-Encoding", "gzip").body(new Buffer().write(bytes.toByteArray())).build());
        StreamWireTest.Recorder recorder = openOnce();

        assertThat(recorder.errors).hasSize(1);
        assertThat(recorder.errors.get(0)).isInstanceOf(MalformedResponseException.class);
        assertThat(recorder.errors.get(0).getMessage()).contains("Content-Encoding: gzip").contains("Accept-Encoding: identity");
        assertThat(server.takeRequest().getHeaders().get("Accept-Encoding")).isEqualTo("identity");
    }

    /** The encoding named in the failure is the server's text: a server echoing the key there has it masked. */
    @Test
    void anEncodingEchoingTheKeyIsMaskedInTheFailure() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                .setHeader("Content-Encoding", "x-dock_test_free").body(StreamWireTest.event(1, "completed")).build());
        StreamWireTest.Recorder recorder = openOnce();

        assertThat(recorder.errors).singleElement().isInstanceOf(MalformedResponseException.class);
        assertThat(recorder.errors.get(0).getMessage()).contains("Content-Encoding: x-[REDACTED] though")
                .doesNotContain("dock_test_free");
    }

    /** Opens one stream of {@link #ID} that gives up at its first failure, and waits until it is closed. */
    private StreamWireTest.Recorder openOnce() throws InterruptedException {
        StreamWireTest.Recorder recorder = new StreamWireTest.Recorder();
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(100))
                        .keepAlive(Duration.ofSeconds(30)).build()).build()) {
            DockSessionStreams.of(dock, StreamSettings.builder().readTimeout(Duration.ofSeconds(30))
                    .maxConsecutiveFailures(1).fallbackToLongPoll(false).build()).open(ID, recorder);
            recorder.awaitClosed();
        }
        return recorder;
    }
}
