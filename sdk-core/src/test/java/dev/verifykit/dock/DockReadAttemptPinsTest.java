package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ServerException;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Dock read at the wire, in virtual time: documented behaviour of the engine's HTTP attempt that
 * only the engine's own fake attempts held (found by mutation testing).
 */
class DockReadAttemptPinsTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
    private DockClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /**
     * A long-poll Dock held for its whole {@code ?wait=} and answered "pending" reached Dock that long
     * before its answer, so the next long-poll follows at once, not the minimum interval after the
     * answer ({@code HttpAttempt}'s Javadoc). Dock "holds" each read by advancing the virtual clock.
     */
    @Test
    void theLongPollAfterOneHeldForItsWholeWaitIsSentAtOnce() {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        List<Long> answers = new CopyOnWriteArrayList<>();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                arrivals.add(time.nanoTime());
                String wait = request.getUrl().queryParameter("wait");
                if (wait != null) {
                    time.advance(Duration.ofSeconds(Long.parseLong(wait))); // held the whole wait: nothing changed
                }
                answers.add(time.nanoTime());
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body(arrivals.size() < 3 ? DockWireTest.PENDING : DockWireTest.COMPLETED).build();
            }
        });
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(time).build();

        assertThat(client.sessions().awaitCompletion("vsn_A1b2C3d4E5f6G7h8J9k0L1").isCompleted()).isTrue();

        assertThat(arrivals).hasSize(3);
        assertThat(answers.get(0)).as("the first long-poll was held").isGreaterThan(arrivals.get(0));
        assertThat(arrivals.get(1)).as("the second long-poll, sent as the first's answer came").isEqualTo(answers.get(0));
        assertThat(arrivals.get(2)).as("the third, sent as the second's answer came").isEqualTo(answers.get(1));
    }

    /**
     * A read's {@link RequestOptions} headers go on its request ({@code HttpAttempt.of}'s Javadoc: "their
     * headers go on every request") when their timeout is shorter than the time the read has left, so
     * that the engine keeps the options as they are.
     */
    @Test
    void aRetrievesHeadersAreSentWithATimeoutWithinItsTimeLeft() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(DockWireTest.PENDING).build());
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(time).build();

        client.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1",
                RequestOptions.builder().timeout(Duration.ofSeconds(10)).header("X-Trace", "t-1").build());

        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeaders().get("X-Trace")).isEqualTo("t-1");
    }

    /**
     * A retrieve's {@code maxRetries} counts its requests in all: each attempt goes alone (the engine,
     * not the transport, retries: {@code HttpAttempt.once}), so 1 retry is 2 requests, not 2 × 2.
     */
    @Test
    void aRetrievesRetriesAreTheEnginesOnly() {
        MockResponse busy = new MockResponse.Builder().code(503).setHeader("Content-Type", "application/json")
                .body("{\"status\":503,\"error\":\"SERVICE_UNAVAILABLE\",\"message\":\"busy\","
                        + "\"meta\":{\"requestId\":\"req_err\",\"version\":\"2.0.0\"},\"timestamp\":\"2026-05-07T00:00:00.000Z\"}")
                .build();
        server.enqueue(busy);
        server.enqueue(busy);
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(DockWireTest.PENDING).build());
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(time).build();

        assertThatThrownBy(() -> client.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1",
                RequestOptions.builder().timeout(Duration.ofSeconds(10)).maxRetries(1).build()))
                .isInstanceOf(ServerException.class);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }
}
