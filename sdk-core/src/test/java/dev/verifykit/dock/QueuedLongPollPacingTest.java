package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads queued behind other waits (every slot of {@code maxConcurrentWaits} taken) before they leave.
 *
 * <p>A long-poll answered "pending" reached Dock a whole hold before its answer only if it was held
 * that long after it <em>left</em>: time spent before it left (queued behind other waits for a slot
 * of {@code maxConcurrentWaits}, or in a slow host-name lookup or connect) is not the service's
 * hold. Before, the hold was counted from the read's admission, so a long-poll queued longer than
 * its hold and answered at once (Dock ignoring the wait, or restarting) was taken as having arrived
 * up to 25 s before it did, and the next read was sent at once: two reads of the session at Dock
 * within milliseconds, a 429.
 *
 * <p>A read's turn at a shared store lasts its lease (from its admission); after it, the store counts
 * the read as arrived and lets another instance read the session. A request still queued then must
 * not leave: before, it was sent when a slot freed, right after the other instance's read.
 */
class QueuedLongPollPacingTest {
    private static final String KEY = "dock_test_free";
    private static final String FIRST = "vsn_AAAAAAAAAAAAAAAAAAAAA1";
    private static final String SECOND = "vsn_BBBBBBBBBBBBBBBBBBBBB1";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
    /** The first session's long-polls are held until {@link #releaseFirst}; the second's are answered "pending" at once. */
    private final CountDownLatch firstHeld = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private final AtomicInteger secondsRequests = new AtomicInteger();

    @BeforeEach
    void answer() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (request.getUrl().encodedPath().endsWith(FIRST)) {
                    firstHeld.countDown();
                    releaseFirst.await(60, TimeUnit.SECONDS);
                    return json(FIRST, "expired");
                }
                secondsRequests.incrementAndGet();
                return json(SECOND, "pending"); // at once: not held
            }
        });
    }

    @Test
    void aLongPollQueuedLongerThanItsHoldAndAnsweredAtOnceArrivedWhenAnswered() throws Exception {
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
        CountDownLatch secondCallStarted = new CountDownLatch(2); // the first wait's call, then the second's
        VerifyKitListener calls = new VerifyKitListener() {
            @Override
            public void onCallStart(CallStart call) {
                secondCallStarted.countDown();
            }
        };
        try (DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock").toString()).scheduler(time)
                .maxConcurrentWaits(1).guardrailStore(store).listener(calls).build()) {
            CompletableFuture<DockSession> first = dock.sessions().awaitCompletionAsync(FIRST);
            assertThat(firstHeld.await(30, TimeUnit.SECONDS)).as("the first wait holds the one slot").isTrue();

            CompletableFuture<DockSession> second = dock.sessions().awaitCompletionAsync(SECOND);
            assertThat(secondsReads.poll(30, TimeUnit.SECONDS)).as("its long-poll admitted").isEqualTo("STARTED");
            assertThat(secondCallStarted.await(30, TimeUnit.SECONDS)).as("then queued").isTrue();
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

    @Test
    void aReadStillQueuedWhenItsLeaseRanOutIsNotSent() throws Exception {
        AtomicReference<ReadRules> rules = new AtomicReference<>();
        BlockingQueue<String> started = new LinkedBlockingQueue<>();
        BlockingQueue<String> ended = new LinkedBlockingQueue<>();
        GuardrailStore shared = new ForwardingGuardrailStore(GuardrailStore.inMemory(time)) {
            @Override
            public ReadStart startRead(String account, String sessionId, ReadRules readRules) {
                rules.set(readRules);
                ReadStart start = inner.startRead(account, sessionId, readRules);
                if (sessionId.equals(SECOND) && start.kind() == ReadStart.Kind.STARTED) {
                    started.add(start.readId());
                }
                return start;
            }

            @Override
            public void readArrived(String account, String sessionId, String readId, Duration ago) {
                if (sessionId.equals(SECOND)) {
                    ended.add(readId);
                }
                inner.readArrived(account, sessionId, readId, ago);
            }
        };
        try (DockClient one = DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock").toString()).scheduler(time)
                        .maxConcurrentWaits(1).guardrailStore(shared).build();
                DockClient other = DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock").toString())
                        .scheduler(time).guardrailStore(shared).build()) {
            CompletableFuture<DockSession> first = one.sessions().awaitCompletionAsync(FIRST);
            assertThat(firstHeld.await(30, TimeUnit.SECONDS)).as("the first wait holds the one slot").isTrue();
            CompletableFuture<DockSession> second = one.sessions().awaitCompletionAsync(SECOND);
            String queued = started.poll(30, TimeUnit.SECONDS);
            assertThat(queued).as("its long-poll admitted, then queued").isNotNull();

            time.advance(rules.get().lease().plus(Duration.ofSeconds(2)));
            other.sessions().retrieve(SECOND); // the store counted the queued read as arrived at its lease's end
            assertThat(secondsRequests.get()).isEqualTo(1);
            releaseFirst.countDown();

            String end;
            do {
                end = ended.poll(30, TimeUnit.SECONDS);
                assertThat(end).as("the queued read ended").isNotNull();
            } while (!end.equals(queued));
            assertThat(secondsRequests.get()).as("the read whose lease ran out in the queue was not sent").isEqualTo(1);
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
