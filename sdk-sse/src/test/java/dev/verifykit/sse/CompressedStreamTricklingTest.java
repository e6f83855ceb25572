package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.StreamSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stream whose bytes come but complete no line is taken for dead after the read timeout
 * ({@code StreamSettings.readTimeout}, RetryFieldSource), compressed or not. Before, OkHttp asked for
 * gzip ({@code Accept-Encoding: gzip}, added for any request without one) and inflated the answer
 * below the reader: its inflater reads on while the bytes inflate to nothing (empty deflate blocks,
 * five bytes each), each byte restarting the socket's read timeout, so the line check above it never
 * ran and the dead stream was kept for as long as the server trickled (here, the 20 s the test waits).
 */
class CompressedStreamTricklingTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    /** A non-final, empty stored deflate block: inflates to nothing. */
    private static final byte[] EMPTY_BLOCK = {0, 0, 0, (byte) 0xff, (byte) 0xff};

    @StartStop
    private final MockWebServer server = new MockWebServer();

    /** Released at the test's end: the trickling writer stops then. */
    private final CountDownLatch testOver = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        testOver.countDown();
    }

    /**
     * @param always whether the server gzips whatever the request accepts (else only when it asks for gzip)
     */
    @ParameterizedTest(name = "gzip always: {0}")
    @ValueSource(booleans = {false, true})
    void aStreamTricklingBytesThatInflateToNothingIsTakenForDead(boolean always) throws Exception {
        List<String> encodings = new CopyOnWriteArrayList<>();
        server.setDispatcher(new Dispatcher() {
            private int opens;

            @Override
            public synchronized MockResponse dispatch(RecordedRequest request) {
                String accepted = String.valueOf(request.getHeaders().get("Accept-Encoding"));
                encodings.add(accepted);
                MockResponse.Builder stream = new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream");
                if (opens++ > 0) {
                    return stream.body(StreamWireTest.event(2, "completed")).build();
                }
                boolean gzip = always || accepted.contains("gzip");
                if (gzip) {
                    stream.setHeader("Content-Encoding", "gzip");
                }
                return stream.body(new MockResponseBody() {
                    @Override
                    public long getContentLength() {
                        return -1;
                    }

                    @Override
                    public void writeTo(BufferedSink sink) throws IOException {
                        OutputStream raw = sink.outputStream();
                        byte[] first = StreamWireTest.event(1, "pending").getBytes(StandardCharsets.UTF_8);
                        if (gzip) {
                            GZIPOutputStream deflated = new GZIPOutputStream(raw, true);
                            deflated.write(first);
                            deflated.flush(); // a sync flush: the event whole, the deflate stream byte-aligned
                        } else {
                            raw.write(first);
                            raw.flush();
                        }
                        try {
                            while (!testOver.await(100, TimeUnit.MILLISECONDS)) {
                                raw.write(gzip ? EMPTY_BLOCK : new byte[] {':'}); // never a whole line
                                raw.flush();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).build();
            }
        });
        StreamWireTest.Recorder recorder = new StreamWireTest.Recorder();
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(100)).keepAlive(Duration.ofMillis(200))
                        .build()).build()) {
            DockSessionStreams.of(dock, StreamSettings.builder().readTimeout(Duration.ofSeconds(1)).build()).open(ID, recorder);
            // the read timeout is 1 s: a stream still open after 20 s is one the trickle keeps alive
            recorder.awaitClosed();
        }
        assertThat(recorder.calls).endsWith("session:completed", "terminal:completed", "closed");
        assertThat(encodings).hasSize(2);
    }
}
