package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.http.EventStreamReader;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.testing.RawServer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
}
