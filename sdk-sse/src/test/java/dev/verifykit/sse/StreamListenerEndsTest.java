package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.StreamSettings;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a stream's end is told when the listener's own doings or a fatal stream error meet it: the
 * listener hears each failure once, and a completed session is not turned into a failure.
 */
class StreamListenerEndsTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    /** A stream that fails is failed, whatever the time it took: no keep-alive period passes in a test. */
    private static final DockGuardrails SLOW_KEEP_ALIVE = DockGuardrails.builder()
            .minPollInterval(Duration.ofMillis(100)).keepAlive(Duration.ofSeconds(30)).build();
    private static final StreamSettings PATIENT = StreamSettings.builder().readTimeout(Duration.ofSeconds(30)).build();

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private final StreamWireTest.Script script = new StreamWireTest.Script();
    private DockClient dock;

    @AfterEach
    void tearDown() {
        if (dock != null) {
            dock.close();
        }
    }

    private DockClient client(int maxResponseBytes) {
        server.setDispatcher(script);
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrails(SLOW_KEEP_ALIVE).maxResponseBytes(maxResponseBytes).build();
        return dock;
    }

    /**
     * A listener that closes the whole client once it has the outcome (a one-shot tool, say) heard
     * {@code onError} "the wait was cancelled: the client was closed" after {@code onTerminal}, and the
     * stream ended failed, though the session had completed and the listener had been told so.
     */
    @Test
    void aListenerClosingTheClientInOnTerminalHearsNoErrorAndTheStreamCompletes() throws Exception {
        script.then(StreamWireTest.stream(StreamWireTest.event(1, "completed")));
        DockClient client = client(4 * 1024 * 1024);
        StreamWireTest.Recorder recorder = new StreamWireTest.Recorder() {
            @Override
            public void onTerminal(DockSession session) {
                super.onTerminal(session);
                client.close();
            }
        };

        DockSessionStreams.of(client, PATIENT).open(ID, recorder);
        recorder.awaitClosed();

        assertThat(recorder.calls).containsExactly("session:completed", "terminal:completed", "closed");
    }

    /**
     * An oversized event is reported to {@code onError} as the stream drops; when that ends the
     * streaming (its failures in a row used up) and the wait may not go on with long-polls, the same
     * failure, now the wait's, was reported again.
     */
    @Test
    void aFatalOversizedEventIsReportedOnce() throws Exception {
        script.then(StreamWireTest.stream("data: " + "x".repeat(10_000) + "\n\n"));
        DockClient client = client(4096);
        StreamWireTest.Recorder recorder = new StreamWireTest.Recorder();

        DockSessionStreams.of(client, StreamSettings.builder().readTimeout(Duration.ofSeconds(30))
                .maxConsecutiveFailures(1).fallbackToLongPoll(false).build()).open(ID, recorder);
        recorder.awaitClosed();

        assertThat(recorder.calls).containsExactly("error:MalformedResponseException", "closed");
        assertThat(script.requests).hasSize(1);
    }
}
