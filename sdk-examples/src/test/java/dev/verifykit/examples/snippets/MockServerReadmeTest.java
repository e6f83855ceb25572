package dev.verifykit.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.http.RawResponse;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockDockSession;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockKycResult;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockServerExtension;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.mock.MockWebhookDelivery;
import dev.verifykit.mock.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Java samples of sdk-mockserver's README, as shown there ({@link ReadmeSnippetsTest} checks it), run
 * against the mock; the JUnit sample's two classes follow this one.
 */
class MockServerReadmeTest {

    @Test
    void startingItFromJava() {
        try (MockServer server = MockServer.start()) {             // 127.0.0.1, a free port
            String dock = server.dockBaseUrl();                    // http://127.0.0.1:PORT/dock
            String sessionId = createSession(dock);                // your client under test, with dock_test_free / PID-FREE0001
            MockDockSession done = server.dock().complete(sessionId);
            assertThat(done.status()).isEqualTo("completed");
            assertThat(server.journal().entries()).extracting(MockJournalEntry::path).contains("/dock/v2/sessions");
        }
    }

    @Test
    void shrunkGuardrailsAndAClockTheTestMoves() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
        try (MockServer server = MockServer.start(MockSettings.builder()
                .clock(clock)
                .dock(DockSettings.builder().minPollInterval(Duration.ZERO).freePollCap(3).build())
                .build())) {
            String sessionId = createSession(server.dockBaseUrl());
            clock.advance(Duration.ofMinutes(5)); // the session expires now; held long-polls and streams see it at once
        }
    }

    @Test
    void theJournalShowsTheKeyTheClientSent() {
        try (MockServer server = MockServer.start(); DockClient dock = client(server.dockBaseUrl())) {
            CreateSessionParams params = CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build();
            RawResponse<DockSession> created = dock.sessions().withRawResponse().create(params); // the key it sent
            List<MockJournalEntry> creates = server.journal().find(MockJournalQuery.all().method("POST").path("/dock/v2/sessions"));
            assertThat(creates).extracting(MockJournalEntry::idempotencyKey).containsOnly(created.idempotencyKey().orElseThrow().value());
        }
    }

    @Test
    void faultRules() {
        try (MockServer server = MockServer.start()) {
            // the duplicate trap: the session is made, then the connection drops; the SDK's retry with the same key gets it
            server.faults().add("POST", "/dock/v2/sessions", MockFault.resetBeforeResponse(true), 1);
            // every read of any session is a 503 for the next 2 s
            server.faults().addFor("GET", "/dock/v2/sessions/*", MockFault.respond(503), Duration.ofSeconds(2));
            // a 429 with Retry-After (seconds, or an HTTP date)
            server.faults().add("GET", "/dokai/v1/verify/session/*", MockFault.respond(429).withHeader("Retry-After", "1"), 1);
            // the compact syntax
            server.faults().add("GET /dock/v2/sessions/*/stream drop-stream events=1 times=2");
            assertThat(server.faults().rules()).hasSize(4);
        }
    }

    /** Compiled, not run: it needs a finished Dokai session whose webhook URL something answers. */
    static MockWebhookDelivery finishWithAResult(MockServer server, String sessionId) {
        MockKycResult livenessFailed = MockKycResult.defaults("unverified")
                .withFaceMatch(new MockKycResult.FaceMatch(true, 0.88, 0.363))
                .withLiveness(new MockKycResult.Liveness(false, 0.12, new MockKycResult.Checks(0.1, 0.2, 0.05, 0.3, 0.15)));
        server.dokai().finish(sessionId, "unverified", livenessFailed);
        MockWebhookDelivery first = server.dokai().awaitDeliveries(1, Duration.ofSeconds(10)).get(0);
        return first;
    }

    /** The client under test of the samples: creates a free-plan session and returns its id. */
    static String createSession(String dockBaseUrl) {
        try (DockClient dock = client(dockBaseUrl)) {
            return dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build()).id();
        }
    }

    private static DockClient client(String dockBaseUrl) {
        return DockClient.builder().apiKey("dock_test_free").baseUrl(dockBaseUrl).build();
    }
}

@ExtendWith(MockServerExtension.class)           // one server per test class, reset before each test
class CheckoutTest {
    @Test
    void links(MockServer server) {              // also injectable into constructors and @BeforeAll/@BeforeEach
        String dock = server.dockBaseUrl();      // the base URL for the client under test
        assertThat(server.journal().entries()).isEmpty();
    }
}

class ShortLifetimeTest {
    @RegisterExtension
    static MockServerExtension mock = MockServerExtension.with(MockSettings.builder()
            .dock(DockSettings.builder().sessionLifetime(Duration.ofSeconds(2)).build()).build());

    @Test
    void expires() {
        String dock = mock.server().dockBaseUrl();
        assertThat(mock.server().settings().dock().sessionLifetime()).isEqualTo(Duration.ofSeconds(2));
    }
}
