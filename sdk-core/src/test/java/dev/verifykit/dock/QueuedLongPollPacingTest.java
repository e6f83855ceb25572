package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * A long-poll answered "pending" reached Dock a whole hold before its answer only if it was held
 * that long after it <em>left</em>: time spent before it left (queued behind other waits for a slot
 * of {@code maxConcurrentWaits}, or in a slow host-name lookup or connect) is not the service's
 * hold. Before, the hold was counted from the read's admission, so a long-poll queued longer than
 * its hold and answered at once (Dock ignoring the wait, or restarting) was taken as having arrived
 * up to 25 s before it did, and the next read was sent at once: two reads of the session at Dock
 * within milliseconds, a 429.
 */
class QueuedLongPollPacingTest {
    private static final String KEY = "dock_test_free";
    private static final String FIRST = "vsn_AAAAAAAAAAAAAAAAAAAAA1";
    private static final String SECOND = "vsn_BBBBBBBBBBBBBBBBBBBBB1";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));

    @Test
    void aLongPollQueuedLongerThanItsHoldAndAnsweredAtOnceArrivedWhenAnswered() throws Exception {
        CountDownLatch firstHeld = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (request.getUrl().encodedPath().endsWith(FIRST)) {
                    firstHeld.countDown();
                    releaseFirst.await(60, TimeUnit.SECONDS);
                    return json(FIRST, "expired");
                }
                return json(SECOND, "pending"); // at once: not held
            }
        });
        BlockingQueue<String> secondsReads = new LinkedBlockingQueue<>();
        GuardrailStore store = new ForwardingGuardrailStore(GuardrailStore.inMemory(time)) {
            @Override
            public ReadStart startRead(String account, String sessionId, ReadRules rules) {
                ReadStart start = inner.startRead(account, sessionId, rules);
                if (sessionId.equals(SECOND)) {
                    secondsReads.add(start.kind() == ReadStart.Kind.WAIT ? "wait " + start.retryAfter() : start.kind().name());
                }
                return start;
            }

            @Override
            public void readArrived(String account, String sessionId, String readId, Duration ago) {
                if (sessionId.equals(SECOND)) {
                    secondsReads.add("arrived " + ago + " ago");
                }
                inner.readArrived(account, sessionId, readId, ago);
            }
        };
        try (DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock").toString()).scheduler(time)
                .maxConcurrentWaits(1).guardrailStore(store).build()) {
            CompletableFuture<DockSession> first = dock.sessions().awaitCompletionAsync(FIRST);
            assertThat(firstHeld.await(30, TimeUnit.SECONDS)).as("the first wait holds the one slot").isTrue();

            CompletableFuture<DockSession> second = dock.sessions().awaitCompletionAsync(SECOND);
            assertThat(secondsReads.poll(30, TimeUnit.SECONDS)).as("its long-poll admitted, then queued").isEqualTo("STARTED");
            time.advance(Duration.ofSeconds(30)); // longer than any hold (13–25 s), all of it in the queue
            releaseFirst.countDown();

            assertThat(secondsReads.poll(30, TimeUnit.SECONDS)).as("answered at once after it left")
                    .isEqualTo("arrived PT0S ago");
            assertThat(secondsReads.poll(30, TimeUnit.SECONDS)).as("the next read keeps the interval from that answer")
                    .isEqualTo("wait PT2S");
            second.cancel(true);
            first.handle((session, error) -> null).get(30, TimeUnit.SECONDS);
        }
    }

    private static MockResponse json(String id, String status) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"status\":200,\"data\":{\"id\":\"" + id + "\",\"pid\":\"PID-ABC12345\","
                        + "\"clientId\":\"user_123\",\"status\":\"" + status + "\",\"expiresAt\":\"2099-01-01T00:05:00.000Z\","
                        + "\"verifyUrl\":\"https://api.docksys.xyz/v2/verifications/discord?sid=" + id + "\","
                        + "\"reusedExisting\":false},\"meta\":{\"requestId\":\"req_1\",\"version\":\"2.0.0\"},"
                        + "\"timestamp\":\"2026-05-07T00:00:00.000Z\"}")
                .build();
    }
}
