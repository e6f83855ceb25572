package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.event.AttemptEnd;
import dev.verifykit.event.BucketWait;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.RetryEvent;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.http.RawResponse;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code RequestOptions.timeout} bounds the whole call: the client-side waits before a request
 * (a session's read gate, a create token) as well as the attempts, and an attempt cut off by its
 * time limit is a timeout, retried as one. Nothing here races the clock: the waits the calls
 * would need are a minute or an hour, their timeouts a second.
 */
class CallTimeoutTest {
    private static final String PID = "PID-FREE0001";
    private static final RequestOptions ONE_SECOND = RequestOptions.builder().timeout(Duration.ofSeconds(1)).build();

    private final List<BucketWait> bucketWaits = new CopyOnWriteArrayList<>();
    private MockServer mock;
    private DockClient dock;

    @AfterEach
    void stop() {
        dock.close();
        mock.close();
    }

    private DockClient.Builder client(DockGuardrails guardrails) {
        return DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl()).guardrails(guardrails)
                .listener(new VerifyKitListener() {
                    @Override
                    public void onCreateBucketWait(CallStart call, BucketWait wait) {
                        bucketWaits.add(wait);
                        // a client that sleeps here (the hour the bucket needs) fails the test at once instead
                        Thread.currentThread().interrupt();
                    }
                });
    }

    private DockSession create(String clientId, RequestOptions options) {
        return dock.sessions().create(CreateSessionParams.builder().pid(PID).clientId(clientId).build(), options);
    }

    private List<MockJournalEntry> journal(String method) {
        return mock.journal().find(MockJournalQuery.all().method(method));
    }

    @Test
    void aReadWhoseTurnComesAfterItsTimeoutFailsAtOnceAndSendsNothing() {
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50))
                .build()).build());
        dock = client(DockGuardrails.builder().minPollInterval(Duration.ofMinutes(1)).build()).build();
        DockSession session = create("user_1", RequestOptions.none());
        dock.sessions().retrieve(session.id());

        // before: the read waited the minute for its turn, then was sent
        assertThatThrownBy(() -> dock.sessions().retrieve(session.id(), ONE_SECOND))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                    assertThat(e.getMessage()).startsWith("dock: GET /v2/sessions/{id}: its timeout passes before the next"
                            + " request is allowed").endsWith("nothing was sent");
                    assertThat(e.attempts()).isZero();
                });
        assertThat(journal("GET")).hasSize(1);
    }

    @Test
    void aReadSentAfterWaitingForItsTurnHasOnlyTheRestOfItsTimeout() {
        // the client's turns are in virtual time, so the mock does not check the interval
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().minPollInterval(Duration.ZERO)
                .build()).build());
        // The turn comes after 4 minutes of virtual time (at once in real time); the timeout leaves
        // one second after it, which the attempt's time limit (real time) must be.
        dock = client(DockGuardrails.builder().minPollInterval(Duration.ofMinutes(4)).build())
                .scheduler(VirtualScheduler.autoAdvancing(Instant.now()))
                .callTimeout(Duration.ofMinutes(2)).readTimeout(Duration.ofMinutes(2)).build();
        DockSession session = create("user_1", RequestOptions.none());
        dock.sessions().retrieve(session.id());
        mock.faults().add("GET", "/dock/v2/sessions/*", MockFault.delayHead(Duration.ofSeconds(20)), 1);

        // before: the attempt had the whole timeout (4 min 1 s, past the 20 s the answer takes)
        RequestOptions options = RequestOptions.builder().timeout(Duration.ofMinutes(4).plusSeconds(1)).maxRetries(0).build();
        assertThatThrownBy(() -> dock.sessions().retrieve(session.id(), options))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("dock: GET /v2/sessions/{id} timed out: no complete answer within the attempt's time limit"
                                + " (what was left of the call's timeout)"));
        // Not asserted: that the mock journaled the read. On a stalled machine the 1-s limit may pass
        // before the request is written; the attempt is then cut off all the same (same failure).
    }

    @Test
    void aCreateWhoseTokenComesAfterItsTimeoutFailsAtOnceAndSendsNothing() {
        mock = MockServer.start();
        dock = client(DockGuardrails.builder().createBurst(1).createRefill(Duration.ofHours(1)).build())
                .createTokenWait(Duration.ofHours(2)).build();
        create("user_1", RequestOptions.none());

        // before: the create waited for the token (an hour; here the listener's interrupt cut it short)
        assertThatThrownBy(() -> create("user_2", ONE_SECOND)).isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.getMessage()).contains("after the call's timeout", "nothing was sent");
            assertThat(e.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isGreaterThan(Duration.ofMinutes(59)));
        });
        assertThat(bucketWaits).isEmpty();
        assertThat(journal("POST")).hasSize(1);
    }

    /**
     * The retry must be answered within the same callTimeout as the attempt cut off: 10 s (3 s
     * before, which a machine stalled for a few seconds on the retry passed too: a third attempt, or
     * the call failed), the first answer coming far later (30 s).
     */
    @Test
    void anAttemptCutOffByItsTimeLimitIsATimeoutAndIsRetried() {
        mock = MockServer.start();
        dock = client(DockGuardrails.defaults()).callTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofMinutes(1))
                .retryPolicy(RetryPolicy.builder().maxRetries(1).baseDelay(Duration.ofMillis(50)).build()).build();
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.delayHead(Duration.ofSeconds(30)), 1);

        // before: "was cancelled", and not retried
        RawResponse<DockSession> created = dock.sessions().withRawResponse()
                .create(CreateSessionParams.builder().pid(PID).clientId("user_1").build());

        assertThat(created.attempts()).isEqualTo(2);
        assertThat(journal("POST")).extracting(MockJournalEntry::faulted).containsExactly(true, false);
        mock.faults().add("GET", "/dock/v2/sessions/*", MockFault.delayHead(Duration.ofSeconds(30)), 1);
        assertThatThrownBy(() -> dock.sessions().retrieve(created.value().id(), RequestOptions.builder().maxRetries(0).build()))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("dock: GET /v2/sessions/{id} timed out: no complete answer within the attempt's time limit"
                                + " (callTimeout 10 s)"));
    }

    /**
     * A retry falls due within the timeout, but what runs before it (here a listener told of the
     * retry, which takes 2 s) carries the call past the timeout: the retry is not sent. Before, it was
     * started with a time limit of one nanosecond, and reached Dock when the limit lost the race.
     */
    @Test
    void aRetryWhoseTimeoutPassedBeforeItsTurnIsNotSent() {
        mock = MockServer.start();
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        dock = client(DockGuardrails.defaults()).scheduler(time)
                .retryPolicy(RetryPolicy.builder().maxRetries(3).baseDelay(Duration.ofMillis(100)).build())
                .listener(new VerifyKitListener() {
                    @Override
                    public void onRetry(CallStart call, RetryEvent retry) {
                        time.advance(Duration.ofSeconds(2)); // a slow listener
                    }

                    @Override
                    public void onAttempt(CallStart call, AttemptEnd attempt) {
                        attempts.add(attempt.number());
                    }
                }).build();
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503), 1);

        assertThatThrownBy(() -> create("user_1", ONE_SECOND))
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));

        assertThat(attempts).as("no attempt after the timeout").containsExactly(1);
        assertThat(journal("POST")).hasSize(1);
    }

    /**
     * The timeout counts from the call's start, the listeners' time included: a listener told of the
     * start that takes 2 s leaves a 1-s call no time, and nothing is sent. Before, the timeout was
     * counted from after the listener, and the create was sent and made.
     */
    @Test
    void aCallWhoseTimeoutPassedWhileListenersHeardOfItIsNotSent() {
        mock = MockServer.start();
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        dock = client(DockGuardrails.defaults()).scheduler(time).listener(slowToHearOfStarts(time, "POST", attempts)).build();

        assertThatThrownBy(() -> create("user_1", ONE_SECOND)).isInstanceOfSatisfying(TransportException.class,
                e -> assertThat(e.getMessage()).isEqualTo(
                        "dock: POST /v2/sessions timed out: its timeout passed before it was sent; nothing was sent"));

        assertThat(attempts).isEmpty();
        assertThat(journal("POST")).isEmpty();
    }

    /**
     * The same for a request of an asynchronous wait: a listener taking 2 s over its start leaves a
     * wait of 1 s no time, and the request is not sent; the wait ends at its deadline. Before, it
     * was started with a time limit of one nanosecond.
     */
    @Test
    void anAsyncWaitsRequestWhoseTimePassedWhileListenersHeardOfItIsNotSent() throws Exception {
        mock = MockServer.start();
        VirtualScheduler time = VirtualScheduler.autoAdvancing(Instant.parse("2026-01-01T00:00:00Z"));
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        dock = client(DockGuardrails.defaults()).scheduler(time).listener(slowToHearOfStarts(time, "GET", attempts)).build();
        DockSession session = create("user_1", RequestOptions.none());

        CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id(),
                WaitOptions.builder().timeout(Duration.ofSeconds(1)).build());

        assertThatThrownBy(() -> wait.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(WaitTimeoutException.class);
        assertThat(attempts).isEmpty();
        assertThat(journal("GET")).isEmpty();
    }

    /**
     * The same for a listener told of the attempt ({@code onAttemptStart}, after the transport's last
     * look at the timeout before): it leaves a 1-s create no time, and the create is not sent. Before,
     * it was sent with a time limit of one nanosecond ({@code Math.max(1, deadline - now)}), and reached
     * Dock whenever that limit lost the race (its failure said no answer came in time).
     */
    @Test
    void aCreateWhoseTimeoutPassedWhileListenersHeardOfItsAttemptIsNotSent() {
        mock = MockServer.start();
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        dock = client(DockGuardrails.defaults()).scheduler(time).listener(slowToHearOfAttempts(time, "POST")).build();

        assertThatThrownBy(() -> create("user_1", ONE_SECOND)).isInstanceOfSatisfying(TransportException.class,
                e -> assertThat(e.getMessage()).isEqualTo(
                        "dock: POST /v2/sessions timed out: its timeout passed before it was sent; nothing was sent"));

        assertThat(journal("POST")).as("creates that reached Dock").isEmpty();
    }

    /**
     * The same for a request of an asynchronous wait. Before, it was enqueued with a time limit of one
     * nanosecond, and its failure said no answer came in time.
     */
    @Test
    void anAsyncWaitsRequestWhoseTimePassedWhileListenersHeardOfItsAttemptIsNotSent() {
        mock = MockServer.start();
        VirtualScheduler time = VirtualScheduler.autoAdvancing(Instant.parse("2026-01-01T00:00:00Z"));
        dock = client(DockGuardrails.defaults()).scheduler(time).listener(slowToHearOfAttempts(time, "GET")).build();
        DockSession session = create("user_1", RequestOptions.none());

        CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id(),
                WaitOptions.builder().timeout(Duration.ofSeconds(1)).build());

        assertThatThrownBy(() -> wait.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(WaitTimeoutException.class)
                .hasMessageEndingWith("last failure: dock: GET /v2/sessions/{id} timed out: its timeout passed before it"
                        + " was sent; nothing was sent");
        assertThat(journal("GET")).as("reads that reached Dock").isEmpty();
    }

    /**
     * The same for a stream's open: its deadline was counted from after the listener (the 1 s left
     * at its turn scheduled once the listener had taken 2 s), and the open was sent past it.
     */
    @Test
    void aStreamOpenWhoseTimePassedWhileListenersHeardOfItsAttemptIsNotSent() {
        mock = MockServer.start();
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        dock = client(DockGuardrails.defaults()).scheduler(time).listener(slowToHearOfAttempts(time, "GET")).build();
        DockSession session = create("user_1", RequestOptions.none());
        SessionStreams streams = dock.sessions().streams((response, maxBytes, handler) -> { },
                StreamSettings.builder().fallbackToLongPoll(false).build());

        CompletableFuture<DockSession> wait = streams.awaitCompletionAsync(session.id(),
                WaitOptions.builder().timeout(Duration.ofSeconds(1)).build());

        assertThatThrownBy(() -> wait.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(WaitTimeoutException.class)
                .hasMessageEndingWith("last failure: dock: GET /v2/sessions/{id}/stream timed out: its timeout passed"
                        + " before it was sent; nothing was sent");
        assertThat(journal("GET")).as("stream opens that reached Dock").isEmpty();
    }

    /** A listener that takes 2 s (of {@code time}) to hear of the start of each attempt of a call of {@code method}. */
    private static VerifyKitListener slowToHearOfAttempts(VirtualScheduler time, String method) {
        return new VerifyKitListener() {
            @Override
            public void onAttemptStart(CallStart call, int attempt) {
                if (call.operation().startsWith(method + " ")) {
                    time.advance(Duration.ofSeconds(2));
                }
            }
        };
    }

    /**
     * A listener that takes 2 s (of {@code time}) to hear of the start of a call of {@code method},
     * and notes the number of each attempt of such calls that ended.
     */
    private static VerifyKitListener slowToHearOfStarts(VirtualScheduler time, String method, List<Integer> attempts) {
        return new VerifyKitListener() {
            @Override
            public void onCallStart(CallStart call) {
                if (call.operation().startsWith(method + " ")) {
                    time.advance(Duration.ofSeconds(2));
                }
            }

            @Override
            public void onAttempt(CallStart call, AttemptEnd attempt) {
                if (call.operation().startsWith(method + " ")) {
                    attempts.add(attempt.number());
                }
            }
        };
    }
}
