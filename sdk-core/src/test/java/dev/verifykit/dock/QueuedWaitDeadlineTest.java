package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.poll.WaitOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * An asynchronous wait's request that waited in the dispatcher's queue still ends by the wait's
 * deadline when its answer's body is slow: the deadline is watched until the body is read.
 * OkHttp's own call timeout starts when the dispatcher runs the call, so on its own it let the
 * request run for its queueing time past the deadline.
 *
 * <p>The bound checked (20 s) lies 10 s from both ends: the wait's 10-s deadline, and the 30 s its
 * request ran to before (20 s queued behind another wait, then 10 s of OkHttp's call timeout). With
 * 7 s queued, the bound (14 s) was 4 s after the deadline: a timer that a loaded machine ran 4 s
 * late failed a correct client.
 */
class QueuedWaitDeadlineTest {
    private static final String FIRST = "vsn_AAAAAAAAAAAAAAAAAAAAA1";
    private static final String SECOND = "vsn_BBBBBBBBBBBBBBBBBBBBB1";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    @Test
    void aQueuedWaitWhoseAnswerTricklesEndsByItsDeadline() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .headersDelay(20, TimeUnit.SECONDS).body(session(FIRST, "expired")).build());
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .throttleBody(1, 60, TimeUnit.SECONDS).body(session(SECOND, "pending")).build());
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .maxConcurrentWaits(1).build()) {
            CompletableFuture<DockSession> first = dock.sessions().awaitCompletionAsync(FIRST);
            assertThat(server.takeRequest(30, TimeUnit.SECONDS)).as("the first wait holds the one slot").isNotNull();

            CompletableFuture<DockSession> second = dock.sessions().awaitCompletionAsync(SECOND,
                    WaitOptions.builder().timeout(Duration.ofSeconds(10)).build());

            ExecutionException ended = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> second.get(20, TimeUnit.SECONDS), "the wait ran past its deadline");
            assertThat(ended.getCause()).isInstanceOf(dev.verifykit.error.WaitTimeoutException.class);
            assertThat(first.get(60, TimeUnit.SECONDS).id()).isEqualTo(FIRST);
        }
    }

    private static String session(String id, String status) {
        return "{\"status\":200,\"data\":{\"id\":\"" + id + "\",\"pid\":\"PID-ABC12345\","
                + "\"clientId\":\"user_123\",\"status\":\"" + status + "\",\"expiresAt\":\"2099-01-01T00:05:00.000Z\","
                + "\"verifyUrl\":\"https://api.docksys.xyz/v2/verifications/discord?sid=" + id + "\","
                + "\"reusedExisting\":false},\"meta\":{\"requestId\":\"req_1\",\"version\":\"2.0.0\"},"
                + "\"timestamp\":\"2026-05-07T00:00:00.000Z\"}";
    }
}
