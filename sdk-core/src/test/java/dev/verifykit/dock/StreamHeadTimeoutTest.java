package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.TransportException;
import dev.verifykit.http.EventStreamReader;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.testing.RawServer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A session stream whose response head never completes (trickled a byte at a time, or endless 103
 * interim responses, each within the read timeout) is taken for dead once the connect and read
 * timeouts have passed, and reopened. The open had no time limit of its own (only the socket's read
 * timeout, which each byte restarts): such a stream held until the wait's deadline, by default the
 * session's lifetime later.
 */
class StreamHeadTimeoutTest {
    static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    /** Never called: the head never arrives. */
    static final EventStreamReader READER = (response, maxBytes, handler) -> { };

    @ParameterizedTest
    @ValueSource(strings = {"trickledHead", "endlessInterimResponses"})
    void aStreamWhoseHeadNeverCompletesIsTakenForDeadAfterTheReadTimeout(String how) throws Exception {
        try (RawServer server = new RawServer(conn -> {
            if (!conn.head.contains("/stream")) {
                return;
            }
            try {
                if (how.equals("trickledHead")) {
                    conn.write("HTTP/1.1 200 OK\r\nX-Pad: ");
                }
                while (true) {
                    conn.write(how.equals("trickledHead") ? "a" : "HTTP/1.1 103 Early Hints\r\n\r\n");
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException gone) {
                // client left
            }
        }); DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock")).connectTimeout(Duration.ofSeconds(1))
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).keepAlive(Duration.ofMillis(300)).build())
                .retryPolicy(RetryPolicy.builder().maxRetries(0).baseDelay(Duration.ofMillis(20)).maxDelay(Duration.ofMillis(50)).build())
                .build()) {
            SessionStreams streams = dock.sessions().streams(READER,
                    StreamSettings.builder().readTimeout(Duration.ofSeconds(1)).fallbackToLongPoll(false).build());
            CompletableFuture<DockSession> wait = streams.awaitCompletionAsync(ID);
            try {
                // read timeout 1 s: a correct client drops the stream after about 1 s and opens another (or fails);
                // 30 s is only a hang guard
                long guard = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (server.accepted.get() < 2 && !wait.isDone() && System.nanoTime() < guard) {
                    Thread.sleep(20);
                }
                assertThat(server.accepted.get())
                        .as("stream opens after 30 s (stream read timeout 1 s, %s); wait done %s", how, wait)
                        .isGreaterThanOrEqualTo(2);
            } finally {
                wait.cancel(true);
            }
        }
    }

    /**
     * README ("A timeout is a deadline"): an attempt cut off by its time limit is a TransportException
     * that says it "timed out" and names the limit that cut it off. A stream open's, until its head (and
     * a refusal's body) is read, is the connect timeout and the stream's read timeout (RELIABILITY's
     * limits table): a head that never completed named no limit; a refusal whose body was cut off by it
     * said "failed: timeout (InterruptedIOException)".
     */
    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 200 OK\r\nX-Pad: ",
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"})
    void aStreamOpenCutOffByItsLimitNamesTheLimit(String answerStart) throws Exception {
        Throwable failure = failureOfAnOpenAgainst(answerStart, Duration.ofMillis(300),
                StreamSettings.builder().readTimeout(Duration.ofSeconds(5)));

        assertThat(failure).isInstanceOf(TransportException.class);
        assertThat(failure.getMessage()).isEqualTo("dock: GET /v2/sessions/{id}/stream timed out: no complete answer"
                + " within the attempt's time limit (connectTimeout 1 s and the stream's readTimeout 5 s)");
    }

    /**
     * README ("A stream silent for twice the keep-alive period … is taken for dead"): without a
     * {@code StreamSettings.readTimeout}, a stream's read timeout is twice the guardrails' keep-alive
     * (Dock's 10 s: 20 s), here 2 × 2.5 s, as the open cut off by its limit names it.
     */
    @Test
    void withoutAReadTimeoutAStreamsIsTwiceTheKeepAlive() throws Exception {
        Throwable failure = failureOfAnOpenAgainst("HTTP/1.1 200 OK\r\nX-Pad: ", Duration.ofMillis(2500), StreamSettings.builder());

        assertThat(failure).isInstanceOf(TransportException.class);
        assertThat(failure.getMessage()).endsWith("(connectTimeout 1 s and the stream's readTimeout 5 s)");
    }

    /**
     * What a stream wait (one open, no fallback) ends with against a server that sends {@code answerStart}
     * and then a byte every 100 ms forever, each well within the read timeout (a stall of seconds too):
     * only the open's own limit ends it.
     */
    private static Throwable failureOfAnOpenAgainst(String answerStart, Duration keepAlive, StreamSettings.Builder settings)
            throws Exception {
        try (RawServer server = new RawServer(RawServer.trickling(answerStart, "a"));
                DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock"))
                        .connectTimeout(Duration.ofSeconds(1))
                        .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).keepAlive(keepAlive).build())
                        .retryPolicy(RetryPolicy.builder().maxRetries(0).baseDelay(Duration.ofMillis(20))
                                .maxDelay(Duration.ofMillis(50)).build())
                        .build()) {
            SessionStreams streams = dock.sessions().streams(READER,
                    settings.maxConsecutiveFailures(1).fallbackToLongPoll(false).build());
            try {
                streams.awaitCompletionAsync(ID).get(60, TimeUnit.SECONDS); // a hang guard only
                throw new AssertionError("the wait succeeded");
            } catch (ExecutionException e) {
                return e.getCause();
            }
        }
    }
}
