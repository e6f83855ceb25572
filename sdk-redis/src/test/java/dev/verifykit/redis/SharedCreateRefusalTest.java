package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dock's bucket is emptier than the shared store's (spent by a client that does not share it, or
 * before Redis lost its data: the cases the single client's 429 pause exists for). One instance's
 * create draws a 429 with Retry-After; the other instances sharing the store wait it out too. Before,
 * only the refused instance did: each other one sent its create and drew a 429 of its own (N
 * instances, N refusals). And once held back so, the second instance's error said "the create bucket
 * (2 sessions, ...) is empty; the next token comes in 7,2xx,xxx ms" while the shared bucket held a
 * token (sending the operator to the bucket's settings, "the next token" two refills away); it says
 * "Dock refused a create (429) ... (recorded in the guardrail store by a client sharing it)".
 */
class SharedCreateRefusalTest {
    private static final String KEY = "dock_test_free";
    private static final String PID = "PID-FREE0001";
    private static final Duration REFILL = Duration.ofHours(1); // no refill during the test

    @Test
    void aCreateRefusedWith429ByOneInstanceHoldsBackTheOtherInstancesCreates() {
        String namespace = SharedRedis.namespace();
        try (MockServer mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().createBurst(2)
                        .createRefill(REFILL).build()).build());
                RedisGuardrailStore firstStore = RedisGuardrailStore.builder(SharedRedis.client()).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build();
                RedisGuardrailStore secondStore = RedisGuardrailStore.builder(SharedRedis.client()).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build();
                DockClient outsider = DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                        .guardrails(rules()).build();
                DockClient first = client(mock, firstStore);
                DockClient second = client(mock, secondStore)) {
            // Dock's bucket spent outside the shared store (before a Redis flush, or by another tool)
            outsider.sessions().create(CreateSessionParams.builder().pid(PID).clientId("outsider-1").build());
            outsider.sessions().create(CreateSessionParams.builder().pid(PID).clientId("outsider-2").build());

            assertThatThrownBy(() -> first.sessions().create(
                    CreateSessionParams.builder().pid(PID).clientId("first").build()))
                    .isInstanceOf(RateLimitException.class);
            // the first instance now holds back its own creates; the second shares its store, whose
            // bucket still holds a token: its error names Dock's refusal, not an empty bucket
            assertThatThrownBy(() -> second.sessions().create(
                    CreateSessionParams.builder().pid(PID).clientId("second").build()))
                    .isInstanceOf(RateLimitException.class)
                    .hasMessageContaining("Dock refused a create (429)")
                    .hasMessageNotContaining("is empty");

            List<MockJournalEntry> refused = mock.journal().entries().stream()
                    .filter(e -> e.method().equals("POST") && e.path().equals("/dock/v2/sessions") && e.status() == 429)
                    .toList();
            assertThat(refused).as("creates Dock refused with 429 (the second instance should not have sent one)")
                    .hasSize(1);
        }
    }

    /** The control: one instance alone, sharing the same kind of store, is held back after its 429. */
    @Test
    void oneInstanceIsHeldBackAfterItsOwn429() {
        String namespace = SharedRedis.namespace();
        try (MockServer mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().createBurst(2)
                        .createRefill(REFILL).build()).build());
                RedisGuardrailStore store = RedisGuardrailStore.builder(SharedRedis.client()).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build();
                DockClient outsider = DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                        .guardrails(rules()).build();
                DockClient first = client(mock, store)) {
            outsider.sessions().create(CreateSessionParams.builder().pid(PID).clientId("outsider-1").build());
            outsider.sessions().create(CreateSessionParams.builder().pid(PID).clientId("outsider-2").build());
            for (int i = 0; i < 2; i++) {
                int n = i;
                assertThatThrownBy(() -> first.sessions().create(
                        CreateSessionParams.builder().pid(PID).clientId("first-" + n).build()))
                        .isInstanceOf(RateLimitException.class);
            }
            assertThat(mock.journal().entries().stream()
                    .filter(e -> e.method().equals("POST") && e.path().equals("/dock/v2/sessions") && e.status() == 429))
                    .hasSize(1);
        }
    }

    private static DockGuardrails rules() {
        return DockGuardrails.builder().createBurst(2).createRefill(REFILL).build();
    }

    private static DockClient client(MockServer mock, RedisGuardrailStore store) {
        return DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl()).guardrailStore(store)
                .guardrails(rules()).createTokenWait(Duration.ofSeconds(1)).build();
    }
}
