package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.StreamSettings;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SDK reopens with Last-Event-ID so that a server may resume after it: an SSE server that
 * honours it sends nothing at once when the session has not changed, only keep-alives, and closes
 * at its maximum. Such a stream lived its time and is a close, not a failed open (as one that ends
 * empty at once is: EmptyStreamTest); a first version of that rule reported it to the listener as a
 * MalformedResponseException and sent the wait to long-polls after a few of them (found by a review).
 */
class ResumedStreamTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

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

    /** A resumed stream with no change: keep-alives over longer than the keep-alive period, then the server's close. */
    private static mockwebserver3.MockResponse quietResumedStream() {
        // at least ~2.5 s at the server's pace (7 bytes per 100 ms; a loaded machine only makes it
        // longer): longer than the keep-alive period (1 s); the stream's read timeout is 30 s
        return new mockwebserver3.MockResponse.Builder(StreamWireTest.stream("retry: 100\n\n" + ": keep-alive\n\n".repeat(12)))
                .throttleBody(7, 100, java.util.concurrent.TimeUnit.MILLISECONDS).build();
    }

    @Test
    @Timeout(60)
    void aResumedStreamThatLivedItsTimeWithoutAChangeIsNotAFailedOpen() throws Exception {
        server.setDispatcher(script);
        String completedEnvelope = "{\"status\":200,\"data\":" + StreamWireTest.session("completed")
                + ",\"meta\":{\"requestId\":\"req_1\",\"version\":\"2.0.0\"},\"timestamp\":\"2026-05-07T00:00:00.000Z\"}";
        script.fallback = r -> new mockwebserver3.MockResponse.Builder().code(200)
                .setHeader("Content-Type", "application/json").body(completedEnvelope).build();
        script.then(StreamWireTest.stream(StreamWireTest.event(1, "pending")))
                .then(quietResumedStream()).then(quietResumedStream())
                .then(StreamWireTest.stream(StreamWireTest.event(2, "completed")));
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(100))
                        .keepAlive(Duration.ofSeconds(1)).build())
                .build();
        StreamWireTest.Recorder recorder = new StreamWireTest.Recorder();

        DockSessionStreams.of(dock, StreamSettings.builder().readTimeout(Duration.ofSeconds(30))
                .maxConsecutiveFailures(2).build()).open(ID, recorder);
        recorder.awaitClosed();

        assertThat(recorder.errors).as("listener calls %s", recorder.calls).isEmpty();
        assertThat(script.requests).extracting(r -> r.getUrl().encodedPath())
                .as("every read a stream open (no fallback to long-polls); listener calls %s", recorder.calls).allMatch(target -> target.endsWith("/stream"));
    }
}
