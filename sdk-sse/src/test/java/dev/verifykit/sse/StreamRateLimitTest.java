package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.StreamSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * lastRateLimit() is told of every refusal, a stream open's included (StreamRun's refusal goes
 * through the error mapper), and of a stream open's answer too: a first version noted only a
 * retrieve's success, so after a refused open and a successful one lastRateLimit() kept the
 * refusal's "0 left" for good (found by a review). (A stream open is a read: CONTRACT "Reads (a GET of the session or a
 * stream open)"; DockClient.lastRateLimit: "the latest session read or create".)
 */
class StreamRateLimitTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private DockClient dock;

    @AfterEach
    void tearDown() {
        if (dock != null) {
            dock.close();
        }
    }

    @Test
    void aStreamOpensAnswerIsNotedAsItsRefusalIs() throws Exception {
        server.enqueue(new MockResponse.Builder(StreamWireTest.envelopeError(429, "RATE_LIMITED", "0"))
                .setHeader("X-RateLimit-Limit", "60").setHeader("X-RateLimit-Remaining", "0").build());
        server.enqueue(new MockResponse.Builder(StreamWireTest.stream(StreamWireTest.event(1, "completed")))
                .setHeader("X-RateLimit-Limit", "60").setHeader("X-RateLimit-Remaining", "58").build());
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(100))
                        .keepAlive(Duration.ofMillis(200)).build())
                .build();

        DockSessionStreams.of(dock, StreamSettings.builder().readTimeout(Duration.ofSeconds(30)).build())
                .awaitCompletionAsync(ID).get(30, TimeUnit.SECONDS);

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(dock.lastRateLimit()).as("after a refused open, then an answered one")
                .hasValueSatisfying(limit -> assertThat(limit.remaining()).hasValue(58));
    }
}
