package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A long-poll's hold ends a second before the call's timeout, as each of a wait's does: asked to
 * hold 25 s within 5 s, retrieve sent {@code ?wait=25}, Dock held a pending session the whole 25 s
 * and the call could only time out (a read of the poll cap spent, nothing learnt).
 */
class LongPollWithinTimeoutTest {
    private static final String ID = "vsn_HOLDwithinTIMEOUT0001";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private DockClient dock;

    @AfterEach
    void close() {
        if (dock != null) {
            dock.close();
        }
    }

    private static MockResponse pending() {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"status\":200,\"data\":{\"id\":\"" + ID + "\",\"pid\":\"PID-ABC12345\","
                        + "\"clientId\":\"user_123\",\"status\":\"pending\",\"expiresAt\":\"2099-01-01T00:05:00.000Z\","
                        + "\"verifyUrl\":\"https://api.docksys.xyz/v2/verifications/discord?sid=" + ID + "\","
                        + "\"reusedExisting\":false},\"meta\":{\"requestId\":\"req_1\",\"version\":\"2.0.0\"},"
                        + "\"timestamp\":\"2026-05-07T00:00:00.000Z\"}").build();
    }

    /**
     * The client's time is virtual and stands still, so the hold is fitted to the whole timeout: on
     * the system clock, a 5.5-s call whose read left half a second after it began (a loaded machine)
     * sent {@code ?wait=3}, not 4. Each call's timeout is still its attempt's limit in real time: the
     * holds are recorded as each read leaves the client (an interceptor of its own), not where the
     * server receives it, so a machine that stalls the 1.5-s call past its limit before the read is
     * written checks the same (and how each call ended is not checked).
     */
    @Test
    void theHoldEndsASecondBeforeTheCallsTimeout() throws Exception {
        List<String> holds = new CopyOnWriteArrayList<>();
        OkHttpClient recording = new OkHttpClient.Builder().addInterceptor(chain -> {
            holds.add(String.valueOf(chain.request().url().queryParameter("wait")));
            return chain.proceed(chain.request());
        }).build();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return pending();
            }
        });
        try {
            dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                    .scheduler(VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"))).okHttpClient(recording)
                    .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(1)).build()).build();
            for (String timeout : List.of("5500", "1500", "60000")) {
                org.assertj.core.api.Assertions.catchThrowable(() -> dock.sessions().retrieve(ID, Duration.ofSeconds(25),
                        RequestOptions.builder().timeout(Duration.ofMillis(Long.parseLong(timeout))).maxRetries(0).build()));
            }
            dock.sessions().retrieve(ID, Duration.ofSeconds(3));

            assertThat(holds).as("the holds of a 5.5-s, a 1.5-s and a 60-s call, then one without a timeout (as asked)")
                    .containsExactly("4", "null", "25", "3");
        } finally {
            recording.dispatcher().executorService().shutdown();
        }
    }

    /**
     * The hold fits what is left of the timeout at the read's turn: fixed from the whole timeout
     * before the read waited its turn (2 s after the previous read), a 5-s retrieve sent ?wait=4
     * 2 s in, and a pending session was answered after the call's deadline (an outside review).
     * Here a 12-s retrieve, whose read (2 s in) has 10 s of real time to be answered (with 5 s, 3 s,
     * which a stalled machine could pass), asks 12 - 2 - 1 = 9 s.
     */
    @Test
    void theHoldFitsWhatIsLeftAfterTheReadsTurn() throws Exception {
        VirtualScheduler time = VirtualScheduler.autoAdvancing(Instant.parse("2026-05-07T00:00:00Z"));
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(time)
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofSeconds(2)).build()).build();
        server.enqueue(pending());
        server.enqueue(pending());
        dock.sessions().retrieve(ID); // the next read's turn is 2 s after its answer
        server.takeRequest();

        dock.sessions().retrieve(ID, Duration.ofSeconds(25), RequestOptions.builder().timeout(Duration.ofSeconds(12)).build());

        assertThat(server.takeRequest().getUrl().queryParameter("wait")).as("the hold of a read sent 2 s into a 12-s call")
                .isEqualTo("9");
    }

    /**
     * The hold fits what is left of the timeout when the read leaves, not when it was built: an
     * asynchronous wait's long-poll that waited for a free slot of {@code maxConcurrentWaits} kept
     * the hold chosen before it waited, so a read with 10 s left of its 30-s timeout asked to be held
     * 13 to 25 s, and a pending session would have been answered after the read's deadline (the read
     * cut, counted at Dock, and counted as a failure of the wait; an outside review). Dock holds
     * another session's long-poll (a latch) while the read waits 20 s of virtual time for the slot.
     */
    @Test
    void aLongPollQueuedForAFreeSlotIsHeldOnlyWhatIsLeftWhenItLeaves() throws Exception {
        String other = "vsn_HOLDwithinTIMEOUT0002";
        CountDownLatch otherHeld = new CountDownLatch(1);
        CountDownLatch releaseOther = new CountDownLatch(1);
        List<RecordedRequest> reads = new CopyOnWriteArrayList<>();
        List<Long> sentAt = new CopyOnWriteArrayList<>();
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (request.getUrl().encodedPath().endsWith(other)) {
                    otherHeld.countDown();
                    releaseOther.await(30, TimeUnit.SECONDS); // Dock holding the other long-poll: the one slot is taken
                    return completed(other);
                }
                sentAt.add(time.nanoTime());
                reads.add(request);
                return completed(ID);
            }
        });
        CountDownLatch started = new CountDownLatch(1);
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(time)
                .maxConcurrentWaits(1)
                .listener(new VerifyKitListener() {
                    @Override
                    public void onAttemptStart(CallStart call, int attempt) {
                        if (call.waitId().isPresent() && otherHeld.getCount() == 0) {
                            started.countDown();
                        }
                    }
                })
                .build();
        CompletableFuture<DockSession> holder = dock.sessions().awaitCompletionAsync(other);
        assertThat(otherHeld.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(ID, WaitOptions.defaults(),
                RequestOptions.builder().timeout(Duration.ofSeconds(30)).build());
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue(); // its long-poll is built, and queued for the slot
        time.advance(Duration.ofSeconds(20)); // it waits 20 s for the slot
        releaseOther.countDown();

        assertThat(holder.get(30, TimeUnit.SECONDS).isCompleted()).isTrue();
        assertThat(wait.get(30, TimeUnit.SECONDS).isCompleted()).isTrue();
        long leftWhenSent = Duration.ofSeconds(30).toNanos() - sentAt.get(0);
        String hold = reads.get(0).getUrl().queryParameter("wait");
        assertThat(Duration.ofSeconds(hold == null ? 0 : Long.parseLong(hold)))
                .as("the hold of a read sent with %s ms left of its 30-s timeout (?wait=%s)",
                        Duration.ofNanos(leftWhenSent).toMillis(), hold)
                .isLessThanOrEqualTo(Duration.ofNanos(leftWhenSent).minusSeconds(1))
                .isEqualTo(Duration.ofSeconds(9));
    }

    private static MockResponse completed(String id) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"status\":200,\"data\":{\"id\":\"" + id + "\",\"pid\":\"PID-ABC12345\",\"clientId\":\"user_123\","
                        + "\"status\":\"completed\",\"statusReason\":null,\"expiresAt\":\"2026-05-07T00:05:00.000Z\","
                        + "\"verifyUrl\":\"https://api.docksys.xyz/v2/verifications/discord?sid=" + id + "\","
                        + "\"result\":{\"discordId\":\"123456789012345678\",\"robloxId\":\"156319135\","
                        + "\"verifiedAt\":\"2026-05-07T00:01:12.000Z\",\"linkChanged\":false,\"previousRobloxId\":null,"
                        + "\"linkVersion\":1,\"linkHash\":\"sha256-x\"}},"
                        + "\"meta\":{\"requestId\":\"req_1\",\"version\":\"2.0.0\"},\"timestamp\":\"2026-05-07T00:00:00.000Z\"}")
                .build();
    }
}
