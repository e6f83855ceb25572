package dev.verifykit.sse;

import static dev.verifykit.testing.Await.awaitTrue;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.dock.StreamSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.error.PollCapException;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Session streams end to end against the reference mock server, with the stream maximum shrunk to
 * 1 s. The client takes a stream for dead only after 30 s of silence (not twice the 300-ms
 * keep-alive): on a loaded machine a 600-ms stall of the mock's or the client's thread broke
 * streams, which reopened (those tests check the reopen by the stream maximum, not the read timeout).
 */
class StreamFlowTest {
    private static final Duration LIFETIME = Duration.ofSeconds(30);
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration STREAM_MAX = Duration.ofSeconds(1);
    private static final Duration KEEP_ALIVE = Duration.ofMillis(300);
    private static final Duration SILENCE = Duration.ofSeconds(30);

    private MockServer mock;
    private DockClient dock;

    @AfterEach
    void stop() {
        if (dock != null) {
            dock.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    private SessionStreams start(Duration lifetime, int pollCap) {
        return start(lifetime, pollCap, STREAM_MAX);
    }

    private SessionStreams start(Duration lifetime, int pollCap, Duration streamMax) {
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder()
                .sessionLifetime(lifetime).minPollInterval(INTERVAL).streamMaxDuration(streamMax)
                .keepAlive(KEEP_ALIVE).streamRetry(Duration.ofMillis(300)).freePollCap(pollCap)
                .maxWait(Duration.ofSeconds(1)).build()).build());
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().sessionLifetime(lifetime).minPollInterval(INTERVAL)
                        .streamMaxDuration(streamMax).keepAlive(KEEP_ALIVE).freePollCap(pollCap)
                        .maxWait(Duration.ofSeconds(1)).build())
                .build();
        return DockSessionStreams.of(dock, StreamSettings.builder().readTimeout(SILENCE).build());
    }

    private DockSession create() {
        return dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build());
    }

    private List<MockJournalEntry> opens(String sessionId) {
        return mock.journal().find(MockJournalQuery.all().path("/dock/v2/sessions/" + sessionId + "/stream"));
    }

    /**
     * One stream hears both states: its maximum is long here, since a loaded machine took more than
     * the 1-s maximum between the open and the completion, and the server's close reopened it.
     */
    @Test
    void theInitialStateThenTheCompletionAreHeardAndTheStreamCloses() throws Exception {
        SessionStreams streams = start(LIFETIME, 60, LIFETIME);
        DockSession session = create();
        StreamWireTest.Recorder recorder = new StreamWireTest.Recorder();

        try (SessionStream stream = streams.open(session.id(), recorder)) {
            awaitTrue(() -> recorder.calls.contains("session:pending"));
            assertThat(stream.sessionId()).isEqualTo(session.id());
            assertThat(stream.isOpen()).as("open while the session is pending").isTrue();
            mock.dock().complete(session.id(), "123456789012345678", "156319135");
            recorder.awaitClosed();
            assertThat(stream.isOpen()).isFalse();
        }

        assertThat(recorder.calls).containsExactly("session:pending", "session:completed", "terminal:completed", "closed");
        assertThat(opens(session.id())).hasSize(1).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }

    /** The completion comes once the mock had three opens (a 3.5-s timer saw only two when the first open was slow). */
    @Test
    void theStreamIsReopenedAcrossSeveralStreamMaximumsUntilCompletion() throws Exception {
        SessionStreams streams = start(LIFETIME, 60);
        DockSession session = create();

        CompletableFuture<DockSession> wait = streams.awaitCompletionAsync(session.id());
        mock.journal().await(MockJournalQuery.all().path("/dock/v2/sessions/" + session.id() + "/stream"), 3,
                Duration.ofSeconds(20));
        assertThat(wait).isNotDone();
        mock.dock().complete(session.id());
        DockSession done = wait.get(20, TimeUnit.SECONDS);
        assertThat(wait.cancel(true)).as("a wait that completed is not cancelled").isFalse();
        assertThat(wait).isCompletedWithValue(done);

        assertThat(done.isCompleted()).isTrue();
        assertThat(done.result()).isPresent();
        List<MockJournalEntry> opens = opens(session.id());
        assertThat(opens).hasSizeGreaterThanOrEqualTo(3).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        for (int i = 1; i < opens.size(); i++) {
            assertThat(opens.get(i).receivedNanos() - opens.get(i - 1).receivedNanos())
                    .isGreaterThanOrEqualTo(INTERVAL.toNanos());
        }
    }

    @Test
    void aSessionThatExpiresEndsTheStreamWithTheExpiredState() {
        SessionStreams streams = start(Duration.ofSeconds(2), 60);
        DockSession session = create();

        DockSession ended = streams.awaitCompletion(session.id());

        assertThat(ended.status().value()).isEqualTo(DockSessionStatus.EXPIRED);
        assertThat(ended.statusReason()).contains("lifetime_exceeded");
    }

    @Test
    void streamOpensAndLongPollsShareThePollCap() {
        SessionStreams streams = start(LIFETIME, 3);
        DockSession session = create();
        dock.sessions().retrieve(session.id());

        assertThatThrownBy(() -> streams.awaitCompletion(session.id()))
                .isInstanceOfSatisfying(PollCapException.class, e -> assertThat(e.limit()).isEqualTo(3));
        assertThat(mock.journal().find(MockJournalQuery.all().method("GET")))
                .hasSize(3).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }

    @Test
    void anAsyncStreamWaitAndALongPollWaitSeeTheSameCompletion() throws Exception {
        SessionStreams streams = start(LIFETIME, 60);
        DockSession session = create();
        CompletableFuture<DockSession> bySse = streams.awaitCompletionAsync(session.id());
        CompletableFuture<DockSession> byLongPoll = dock.sessions().awaitCompletionAsync(session.id());
        // Both are waiting (the stream opened, a long-poll was answered) before the session completes.
        mock.journal().await(MockJournalQuery.all().path("/dock/v2/sessions/" + session.id() + "/stream"), 1,
                Duration.ofSeconds(20));
        mock.journal().await(MockJournalQuery.all().method("GET").path("/dock/v2/sessions/" + session.id()), 1,
                Duration.ofSeconds(20));
        mock.dock().complete(session.id());

        DockSession streamed = bySse.get(20, TimeUnit.SECONDS);
        DockSession polled = byLongPoll.get(20, TimeUnit.SECONDS);

        assertThat(streamed.result()).isEqualTo(polled.result());
        assertThat(streamed.status()).isEqualTo(polled.status());
    }
}
