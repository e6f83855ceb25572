package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.testing.Await;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two clients of one API key share {@link GuardrailStore#inMemory} (as the Javadoc offers: "several
 * processes sharing one API key share one store"; in one process, several clients), with different
 * call timeouts, so that their reads are leased for different times. The in-memory store keeps a
 * session's state with the lease of the first client that read it, and ends every later read in
 * flight by that lease, also one of a client that leases (and may still send) its reads for longer.
 * The Redis store keeps each read's own lease ({@code RedisStoreTest.aShortLeaseDoesNotEndAnotherInstancesReadInFlight});
 * the in-memory one must too, or the short-lease client reads the session beside a read still
 * waiting to leave, and Dock (the mock, on the clients' virtual time) refuses one of the two.
 */
class SharedInMemoryStoreLeaseTest {
    private static final String KEY = "dock_test_free";
    private static final String PID = "PID-FREE0001";

    @Test
    void aShortLeaseClientDoesNotEndALongLeaseClientsReadStillWaitingToLeave() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
        BlockingQueue<String> admitted = new LinkedBlockingQueue<>();
        try (MockServer mock = MockServer.start(MockSettings.builder().clock(DockFlowTest.clockOf(time)).build())) {
            GuardrailStore memory = GuardrailStore.inMemory(time);
            String[] watched = new String[1];
            GuardrailStore shared = new ForwardingGuardrailStore(memory) {
                @Override
                public ReadStart startRead(String account, String sessionId, ReadRules rules) {
                    ReadStart start = inner.startRead(account, sessionId, rules);
                    if (sessionId.equals(watched[0]) && start.kind() == ReadStart.Kind.STARTED) {
                        admitted.add(rules.lease().toString());
                    }
                    return start;
                }
            };
            DockGuardrails guardrails = DockGuardrails.builder().holdSpread(Duration.ZERO).build();
            try (DockClient shortLease = DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl()).scheduler(time)
                            .guardrails(guardrails).guardrailStore(shared).build();
                    DockClient longLease = DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl()).scheduler(time)
                            .guardrails(guardrails).guardrailStore(shared).callTimeout(Duration.ofMinutes(10))
                            .maxConcurrentWaits(1).build()) {
                DockSession first = shortLease.sessions().create(CreateSessionParams.builder().pid(PID).clientId("first").build());
                DockSession second = shortLease.sessions().create(CreateSessionParams.builder().pid(PID).clientId("second").build());
                watched[0] = second.id();

                // the short-lease client reads the second session first: the store keeps its state with that lease
                shortLease.sessions().retrieve(second.id());
                assertThat(admitted.poll(30, TimeUnit.SECONDS)).isNotNull();
                time.advance(Duration.ofSeconds(3));

                // the long-lease client's one wait slot is taken by a long-poll of the first session, held by Dock
                CompletableFuture<DockSession> holding = longLease.sessions().awaitCompletionAsync(first.id());
                Await.awaitTrue(() -> mock.dock().heldLongPolls() == 1);
                // its read of the second session is admitted by the store, then waits for the slot
                CompletableFuture<DockSession> queued = longLease.sessions().awaitCompletionAsync(second.id());
                assertThat(admitted.poll(30, TimeUnit.SECONDS)).as("the long-lease client's read admitted").isNotNull();

                // past the short lease (2 min), well within the long one's time to leave (10 min)
                time.advance(Duration.ofMinutes(2).plusSeconds(5));
                try {
                    // a retrieve that may not wait for its turn: sent only if the store lets it start now
                    shortLease.sessions().retrieve(second.id(), RequestOptions.builder().timeout(Duration.ofSeconds(1)).build());
                } catch (WaitTimeoutException notItsTurn) {
                    // the long-lease client's read still holds the session: nothing sent
                }

                mock.dock().complete(first.id()); // the slot frees: the queued read leaves
                holding.get(30, TimeUnit.SECONDS);
                Await.awaitTrue(() -> mock.dock().heldLongPolls() == 1 || reads(mock, second.id()).size() >= 3);
                if (mock.dock().heldLongPolls() == 1) {
                    mock.dock().complete(second.id());
                    queued.get(30, TimeUnit.SECONDS);
                }
                queued.cancel(true);

                assertThat(reads(mock, second.id())).as("Dock's answers to the reads of the second session")
                        .extracting(MockJournalEntry::status).doesNotContain(429);
            }
        }
    }

    private static List<MockJournalEntry> reads(MockServer mock, String sessionId) {
        return mock.journal().find(MockJournalQuery.all().method("GET").path("/dock/v2/sessions/" + sessionId));
    }
}
