package dev.verifykit.sse;

import dev.verifykit.dock.StreamSettings;
import dev.verifykit.dock.SessionStreams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Session streams against the mock's injected faults: broken, stalled, refused and slow streams.
 * The stream maximum is long (a stall noticed by the read timeout is told apart from one ended by
 * the maximum with room for a loaded machine), and where a test counts opens the session completes
 * once the mock had them (a timer let a slow first open hear the completion at once).
 */
class StreamFaultsTest {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration STREAM_MAX = Duration.ofSeconds(30);
    private static final Duration KEEP_ALIVE = Duration.ofMillis(300);
    private static final String STREAM = "/dock/v2/sessions/*/stream";
    /**
     * Create tokens at the mock and the client: one per session a test creates. At the default 6,
     * the seventh create waited some 8 s for a token to refill.
     */
    private static final int CREATES = 10;

    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
    private MockServer mock;
    private DockClient dock;

    @BeforeEach
    void start() {
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder()
                .minPollInterval(INTERVAL).streamMaxDuration(STREAM_MAX).keepAlive(KEEP_ALIVE)
                .streamRetry(Duration.ofMillis(100)).maxWait(Duration.ofSeconds(1)).createBurst(CREATES).build()).build());
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(INTERVAL).streamMaxDuration(STREAM_MAX)
                        .keepAlive(KEEP_ALIVE).maxWait(Duration.ofSeconds(1)).createBurst(CREATES).build())
                .retryPolicy(RetryPolicy.builder().maxRetries(2).baseDelay(Duration.ofMillis(50))
                        .maxDelay(Duration.ofMillis(200)).maxRetryAfter(Duration.ofSeconds(3)).build())
                .build();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
        dock.close();
        mock.close();
    }

    private SessionStreams streams(StreamSettings.Builder settings) {
        return DockSessionStreams.of(dock, settings.readTimeout(Duration.ofMillis(900)).build());
    }

    private DockSession create() {
        return dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build());
    }

    private List<MockJournalEntry> opens(String id) {
        return mock.journal().find(MockJournalQuery.all().path("/dock/v2/sessions/" + id + "/stream"));
    }

    /** Waits for the completion, which comes once the mock had {@code count} opens. */
    private DockSession awaitWithCompletionAfterOpens(SessionStreams streams, String id, int count) throws Exception {
        CompletableFuture<DockSession> done = streams.awaitCompletionAsync(id);
        mock.journal().await(MockJournalQuery.all().path("/dock/v2/sessions/" + id + "/stream"), count,
                Duration.ofSeconds(20));
        mock.dock().complete(id);
        return done.get(20, TimeUnit.SECONDS);
    }

    private DockSession awaitWithCompletionAfter(SessionStreams streams, String id, long millis) throws Exception {
        CompletableFuture<DockSession> done = streams.awaitCompletionAsync(id);
        background.schedule(() -> mock.dock().complete(id), millis, TimeUnit.MILLISECONDS);
        return done.get(20, TimeUnit.SECONDS);
    }

    @Test
    void aStreamDroppedAfterItsFirstEventIsReopenedAndHearsTheCompletion() throws Exception {
        DockSession session = create();
        mock.faults().add("GET", STREAM, MockFault.dropStreamAfter(1), 2);

        DockSession done = awaitWithCompletionAfterOpens(streams(StreamSettings.builder()), session.id(), 3);

        assertThat(done.isCompleted()).isTrue();
        List<MockJournalEntry> opens = opens(session.id());
        assertThat(opens).hasSizeGreaterThanOrEqualTo(3);
        assertThat(opens.subList(0, 2)).allSatisfy(e -> assertThat(e.fault()).isEqualTo("drop-stream events=1"));
    }

    @Test
    void aStalledStreamIsTakenForDeadAfterTheReadTimeoutAndReopened() throws Exception {
        DockSession session = create();
        mock.faults().add("GET", STREAM, MockFault.stallStreamAfter(1), 1);

        DockSession done = awaitWithCompletionAfterOpens(streams(StreamSettings.builder()), session.id(), 2);

        assertThat(done.isCompleted()).isTrue();
        List<MockJournalEntry> opens = opens(session.id());
        assertThat(opens).hasSizeGreaterThanOrEqualTo(2);
        assertThat(opens.get(0).fault()).isEqualTo("stall-stream events=1");
        // the stall was noticed by the read timeout, well before the stream maximum
        assertThat(opens.get(1).receivedNanos() - opens.get(0).receivedNanos())
                .isGreaterThanOrEqualTo(Duration.ofMillis(800).toNanos())
                .isLessThan(STREAM_MAX.toNanos());
    }

    @Test
    void eachFaultOnTheOpenIsRetriedAndTheCompletionIsHeard() throws Exception {
        List<MockFault> faults = List.of(MockFault.resetBeforeResponse(false), MockFault.resetBeforeResponse(true),
                MockFault.resetMidBody(), MockFault.respond(503), MockFault.respond(429).withHeader("Retry-After", "1"),
                MockFault.delayHead(Duration.ofMillis(500)), MockFault.throttleBody(64, Duration.ofMillis(50)));
        SessionStreams streams = streams(StreamSettings.builder().maxConsecutiveFailures(3)
                .fallbackToLongPoll(false));
        for (MockFault fault : faults) {
            mock.journal().clear();
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_" + fault.kind()).build());
            mock.faults().add("GET", STREAM, fault, 1);

            DockSession done = awaitWithCompletionAfter(streams, session.id(), 300);

            assertThat(done.isCompleted()).as(fault.toString()).isTrue();
            assertThat(opens(session.id())).as(fault.toString()).first()
                    .satisfies(e -> assertThat(e.fault()).isEqualTo(fault.toString()));
        }
    }

    @Test
    void streamsThatKeepFailingFallBackToLongPolls() throws Exception {
        DockSession session = create();
        mock.faults().add("GET", STREAM, MockFault.respond(503), 20);

        DockSession done = awaitWithCompletionAfter(streams(StreamSettings.builder().maxConsecutiveFailures(1)),
                session.id(), 600);

        assertThat(done.isCompleted()).isTrue();
        assertThat(mock.journal().find(MockJournalQuery.all().method("GET").path("/dock/v2/sessions/*")))
                .isNotEmpty();
    }

    @Test
    void streamsThatKeepFailingWithoutFallbackEndTheWaitWithTheFailure() {
        DockSession session = create();
        mock.faults().add("GET", STREAM, MockFault.dropStreamAfter(0), 20);
        SessionStreams streams = streams(StreamSettings.builder().maxConsecutiveFailures(2).fallbackToLongPoll(false));

        assertThatThrownBy(() -> streams.awaitCompletionAsync(session.id()).get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(VerifyKitException.class);
        assertThat(opens(session.id())).hasSizeGreaterThanOrEqualTo(2).allSatisfy(e -> assertThat(e.faulted()).isTrue());
    }

    @Test
    void theLongPollsAfterAFallbackKeepTheWaitsRequestLimitCountingTheOpens() {
        DockSession session = create();
        mock.faults().add("GET", STREAM, MockFault.respond(503), 100);
        SessionStreams streams = streams(StreamSettings.builder().maxConsecutiveFailures(3));

        // three opens fail (maxConsecutiveFailures), then the wait goes on with long-polls: one is left of four;
        // the stop is the whole wait's (before, it said a limit of 1 and 1 request: the long-polls' share)
        assertThatThrownBy(() -> streams.awaitCompletionAsync(session.id(), WaitOptions.builder().maxRequests(4)
                .timeout(Duration.ofSeconds(60)).build()).get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(PollCapException.class, cap -> {
                    assertThat(cap.limit()).isEqualTo(4);
                    assertThat(cap.attempts()).isEqualTo(4);
                    assertThat(cap.option()).contains("WaitOptions.maxRequests");
                    assertThat(cap).hasMessageContaining("limit of 4 requests");
                });
        assertThat(opens(session.id())).hasSize(3);
        assertThat(mock.journal().find(MockJournalQuery.all().method("GET").path("/dock/v2/sessions/" + session.id())))
                .hasSize(1);
    }
}
