package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.event.StreamEvent;
import dev.verifykit.event.VerifyKitListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SDK reopens with Last-Event-ID so that a server may resume after it: an SSE server that
 * honours it sends nothing at once when the session has not changed, only keep-alives, and closes
 * at its maximum. Such a stream lived its time and is a close, not a failed open (as one that ends
 * empty at once is: EmptyStreamTest); a first version of that rule reported it to the listener as a
 * MalformedResponseException and sent the wait to long-polls after a few of them (found by a review).
 * Cut rather than closed, such a stream was a healthy connection all the same, and is reopened as one.
 */
class ResumedStreamTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private final StreamWireTest.Script script = new StreamWireTest.Script();
    private DockClient dock;

    /** By request id, released when the client has told that stream's open (so it has its head). */
    private final Map<String, CountDownLatch> opened = new ConcurrentHashMap<>();

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

    /**
     * Before the fix, a resumed stream with nothing new (keep-alives only) that was cut, not closed,
     * after living well past a keep-alive period counted as a failed open, since it carried no
     * session event: it was backed off with jitter, and {@code maxConsecutiveFailures} such cuts gave
     * streaming up for long-polls, though each was a healthy connection ({@code SessionStreams}: "A
     * stream that drops after a healthy connection is reopened that long after the drop").
     */
    @Test
    @Timeout(60)
    void aResumedStreamCutAfterLivingPastAKeepAliveIsAHealthyDropNotAFailedOpen() throws Exception {
        DockSession done = awaitOverStreamsThatAreCut(true);

        assertThat(done.isCompleted()).isTrue();
        assertThat(script.requests.get(1).getHeaders().get("Last-Event-ID")).isEqualTo("1");
        assertThat(script.requests.get(2).getHeaders().get("Last-Event-ID")).isEqualTo("1");
        assertThat(script.requests).as("the first stream, two resumed streams cut after 3 keep-alive periods, then")
                .extracting(r -> r.getUrl().encodedPath().endsWith("/stream") ? "stream" : "long-poll")
                .containsExactly("stream", "stream", "stream", "stream");
    }

    /**
     * The rule's other side: a resumed stream that carried nothing, not even a keep-alive (a proxy
     * holding the stream back), over as long is no healthy connection: its cuts are failed opens, so
     * the wait still falls back to long-polls.
     */
    @Test
    @Timeout(60)
    void aResumedStreamCutWithoutALineIsStillAFailedOpen() throws Exception {
        DockSession done = awaitOverStreamsThatAreCut(false);

        assertThat(done.isCompleted()).isTrue();
        assertThat(script.requests)
                .extracting(r -> r.getUrl().encodedPath().endsWith("/stream") ? "stream" : "long-poll")
                .containsExactly("stream", "stream", "stream", "long-poll");
    }

    /**
     * Waits over a first stream (the pending state, then the server's close) and two resumed streams
     * cut 3 keep-alive periods after the client had their head, carrying keep-alives or nothing; then
     * a stream, or a long-poll, answers the completed session. Two failed opens give streaming up.
     */
    private DockSession awaitOverStreamsThatAreCut(boolean withKeepAlives) throws Exception {
        Duration keepAlive = Duration.ofMillis(100);
        server.setDispatcher(script);
        script.then(StreamWireTest.stream(StreamWireTest.event(1, "pending")))
                .then(cutAfter(keepAlive.multipliedBy(3), "req_cut_1", withKeepAlives))
                .then(cutAfter(keepAlive.multipliedBy(3), "req_cut_2", withKeepAlives));
        script.fallback = request -> request.getUrl().encodedPath().endsWith("/stream")
                ? StreamWireTest.stream(StreamWireTest.event(2, "completed"))
                : new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"status\":200,\"data\":" + StreamWireTest.session("completed")
                                + ",\"meta\":{\"requestId\":\"req_lp\"}}").build();
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).keepAlive(keepAlive).build())
                .listener(new VerifyKitListener() {
                    @Override
                    public void onStreamOpen(StreamEvent stream) {
                        stream.requestId().map(opened::get).ifPresent(CountDownLatch::countDown);
                    }
                })
                .build();

        return DockSessionStreams.of(dock, StreamSettings.builder().maxConsecutiveFailures(2)
                .readTimeout(Duration.ofSeconds(30)).build()).awaitCompletionAsync(ID).get(30, TimeUnit.SECONDS);
    }

    /**
     * A stream (chunked) cut, its closing chunk never sent, at least {@code lived} after the client
     * told its open, which it does once it has the head: a lower bound on the stream's life as the
     * client measures it, however slow the machine. With keep-alives, one at once and a few more.
     */
    private MockResponse cutAfter(Duration lived, String requestId, boolean withKeepAlives) {
        CountDownLatch told = new CountDownLatch(1);
        opened.put(requestId, told);
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                .setHeader("X-Request-Id", requestId).setHeader("Transfer-Encoding", "chunked")
                .body(StreamWireTest.timed(sink -> {
                    if (withKeepAlives) {
                        keepAlive(sink);
                    }
                    sink.flush(); // the head
                    told.await(30, TimeUnit.SECONDS); // a hang guard
                    long until = System.nanoTime() + lived.toNanos();
                    while (System.nanoTime() - until < 0) {
                        Thread.sleep(lived.toMillis() / 6); // the stream's pace, not a measure of anything
                        if (withKeepAlives) {
                            keepAlive(sink);
                        }
                    }
                }))
                .onResponseEnd(new SocketEffect.CloseSocket()).build();
    }

    private static void keepAlive(BufferedSink sink) throws IOException {
        String line = ": keep-alive\n\n";
        sink.writeHexadecimalUnsignedLong(line.length()).writeUtf8("\r\n" + line + "\r\n").flush();
    }
}
