package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.RawServer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A server (or a buffering proxy) that answers every stream open with 200 text/event-stream and
 * closes it at once, empty: no event, no keep-alive. Such a stream makes no progress, yet every
 * clean close was taken for Dock's planned 30-s close ("stream closed"), never a failure: it was
 * reopened at the minimum interval with no backoff, never counted toward maxConsecutiveFailures, so
 * the long-poll fallback never started and the session's whole poll cap (60 reads on the free plan)
 * was spent on empty streams in 60 x 2 s = 2 minutes of a 5-minute session, ending the wait with
 * PollCapException though a long-poll would have had the answer. (Found by an outside review.)
 */
class EmptyStreamTest {
    static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    private final AtomicInteger streamOpens = new AtomicInteger();
    private final AtomicInteger longPolls = new AtomicInteger();

    @Test
    void anOpenThatClosesEmptyAtOnceIsAFailureSoTheWaitFallsBackToLongPolls() throws Exception {
        try (RawServer server = emptyStreamsCompletedLongPolls(); DockClient dock = client(server)) {
            CompletableFuture<DockSession> wait = streams(dock).awaitCompletionAsync(ID,
                    WaitOptions.builder().deadline(Instant.now().plusSeconds(60)).build());
            Throwable failure = null;
            DockSession done = null;
            try {
                done = wait.get(90, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            assertThat(failure).as("the wait's failure after %s empty stream opens and %s long-polls",
                    streamOpens.get(), longPolls.get()).isNull();
            assertThat(done.status().raw()).isEqualTo("completed");
            assertThat(streamOpens.get()).as("empty stream opens before falling back").isLessThan(10);
        }
    }

    /**
     * A listener hears of each empty stream as a malformed one ({@link SessionListener#onError}), then
     * of the session the long-polls it fell back to read.
     */
    @Test
    void aListenerIsToldOfEachEmptyStreamAsMalformed() throws Exception {
        StreamWireTest.Recorder listener = new StreamWireTest.Recorder();
        try (RawServer server = emptyStreamsCompletedLongPolls(); DockClient dock = client(server)) {
            streams(dock).open(ID, listener, WaitOptions.builder().deadline(Instant.now().plusSeconds(60)).build());
            listener.awaitClosed();
        }
        assertThat(listener.calls).endsWith("session:completed", "terminal:completed", "closed");
        assertThat(listener.errors).as("one report per empty stream").hasSize(streamOpens.get())
                .allSatisfy(error -> assertThat(error).isInstanceOf(MalformedResponseException.class)
                        .hasMessageContaining("the stream ended before its first session event"));
    }

    private RawServer emptyStreamsCompletedLongPolls() throws Exception {
        String completed = StreamWireTest.session("completed");
        return new RawServer(conn -> {
            String requestLine = conn.head.substring(0, conn.head.indexOf('\r'));
            if (requestLine.contains("/stream")) {
                streamOpens.incrementAndGet();
                conn.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n");
            } else {
                longPolls.incrementAndGet();
                String body = "{\"status\":200,\"data\":" + completed
                        + ",\"meta\":{\"requestId\":\"req_1\",\"version\":\"2.0.0\"},\"timestamp\":\"2026-05-07T00:00:00.000Z\"}";
                conn.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body);
            }
            conn.socket.close();
        });
    }

    private static DockClient client(RawServer server) {
        return DockClient.builder().apiKey("dock_test_empty_sse").baseUrl(server.url("/dock"))
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(20))
                        // a stream that ends empty before a keep-alive period is a failed open: 30 s is "at once" on any machine
                        .keepAlive(Duration.ofSeconds(30)).build())
                .retryPolicy(RetryPolicy.builder().baseDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(20)).build())
                .build();
    }

    private static SessionStreams streams(DockClient dock) {
        return DockSessionStreams.of(dock, StreamSettings.builder().readTimeout(Duration.ofSeconds(60)).maxConsecutiveFailures(3)
                .build());
    }
}
