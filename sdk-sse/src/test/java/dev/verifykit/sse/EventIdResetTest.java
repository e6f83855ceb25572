package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.StreamSettings;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WHATWG SSE: an {@code id} field with an empty value (or an {@code id} line without a colon) sets
 * the last event ID buffer to the empty string; a reconnect then sends no {@code Last-Event-ID}.
 * StreamRun's own comment says so ("an empty id ... is not [sent back]: the reopen then asks without
 * one"), but okhttp-sse hands an empty id over as {@code null}, which StreamRun takes for "no id
 * field" and keeps the previous id.
 */
class EventIdResetTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

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

    @ParameterizedTest
    @ValueSource(strings = {"id:\n", "id: \n", "id\n"})
    void anEmptyIdResetsTheLastEventIdSoTheReopenSendsNone(String resetLine) throws Exception {
        assertThat(lastEventIdOfTheReopenAfter(StreamWireTest.event(1, "pending")
                        + "event: session\n" + resetLine + "data: " + StreamWireTest.session("pending") + "\n\n"))
                .as("Last-Event-ID after the server reset the id with '%s'", resetLine.strip())
                .isNull();
    }

    /**
     * WHATWG SSE "dispatch the event", step 1: the last event ID string is set from the buffer even
     * when the data buffer is empty (the event itself is then not dispatched). okhttp-sse updates
     * its id only for events with data, so an {@code id:} block without data is lost: the reopen
     * sends the older id ("1" instead of "7"), or keeps it after an empty {@code id} that resets it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"id: 7\n\n", "id\n\n"})
    void anIdBlockWithoutDataStillSetsTheLastEventId(String block) throws Exception {
        assertThat(lastEventIdOfTheReopenAfter(StreamWireTest.event(1, "pending") + block))
                .as("Last-Event-ID after the data-less block %s", block.strip())
                .isEqualTo(block.startsWith("id: 7") ? "7" : null);
    }

    /** The {@code Last-Event-ID} of the reopen after a first stream of {@code events} (the second ends the session). */
    private String lastEventIdOfTheReopenAfter(String events) throws Exception {
        script.then(StreamWireTest.stream(events)).then(StreamWireTest.stream(StreamWireTest.event(3, "completed")));
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
        return script.requests.get(1).getHeaders().get("Last-Event-ID");
    }
}
