package dev.verifykit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.event.internal.StderrLog;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code verifykit.log} ({@code VERIFYKIT_LOG}) prints calls, retries, waits and webhook refusals
 * to standard error without any logging setup, and never a secret: not the API key, not the
 * webhook secret, not a header or body.
 */
class StderrLogTest {
    private static final String KEY = "dock_test_free";
    private static final String WEBHOOK_SECRET = "whsec_stderr_log_test";

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream stderr;
    private MockServer mock;

    @BeforeEach
    void capture() {
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50))
                .maxWait(Duration.ofSeconds(1)).build()).build());
        stderr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(stderr);
        System.clearProperty(StderrLog.PROPERTY);
        mock.close();
    }

    private String run(String level) {
        if (level != null) {
            System.setProperty(StderrLog.PROPERTY, level);
        }
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503), 1);
        try (DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(1)).build())
                .retryPolicy(RetryPolicy.builder().maxRetries(2).baseDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(20)).build())
                .createTokenWait(Duration.ZERO).build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u").build());
            assertThatThrownBy(() -> dock.sessions().awaitCompletion(session.id(),
                    WaitOptions.builder().timeout(Duration.ofMillis(200)).build()));
        }
        WebhookVerifier verifier = WebhookVerifier.builder().secret(WEBHOOK_SECRET).build();
        byte[] body = "{\"event\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        verifier.handle(body, WebhookSigner.of("whsec_some_other_secret").sign(body), event -> {});
        verifier.handle(body, WebhookSigner.of(WEBHOOK_SECRET).sign(body), event -> {
            throw new IllegalStateException("the handler failed");
        });
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void debugPrintsEveryAttemptRetryWaitAndRefusalWithoutSecrets() {
        String log = run("debug");

        assertThat(log).contains("verifykit: dock POST /v2/sessions attempt 1: HTTP 503")
                .contains("verifykit: dock POST /v2/sessions retry after attempt 1 (HTTP 503")
                .contains("verifykit: dock POST /v2/sessions: HTTP 200 after 2 attempts")
                .contains("verifykit: dock.awaitCompletion #").contains(" ended timed_out after ")
                .contains("verifykit: webhook refused: NO_MATCHING_SIGNATURE (answer 400)")
                .containsPattern("verifykit: webhook x: handler_failed \\(IllegalStateException\\), handler ran \\d+ ms "
                        + "\\(answer 500\\)")
                .doesNotContain(KEY, WEBHOOK_SECRET, "Bearer", "Authorization", "{\"event\"");
    }

    @Test
    void debugPrintsWhichAttemptOfACreateWaitsForTheBucket() {
        System.setProperty(StderrLog.PROPERTY, "debug");
        try (DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                .scheduler(VirtualScheduler.autoAdvancing(Instant.now()))
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(1))
                        .createBurst(1).createRefill(Duration.ofHours(1)).build())
                .createTokenWait(Duration.ofHours(2)).build()) {
            dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
            dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u2").build());
        }

        assertThat(captured.toString(StandardCharsets.UTF_8))
                .containsPattern("verifykit: dock POST /v2/sessions attempt 1 waits 3[56]\\d{5} ms for the create bucket");
    }

    @Test
    void infoPrintsEndsAndRetriesButNotEachAttempt() {
        String log = run("INFO");

        assertThat(log).contains("verifykit: dock POST /v2/sessions: HTTP 200 after 2 attempts")
                .contains("retry after attempt 1").doesNotContain(" attempt 1: HTTP 503").doesNotContain(KEY);
    }

    /**
     * A call its caller cancelled is logged so, not as a failure (its end has no failure to name).
     * The long-poll is held up to 20 s (not the 1 s of the other tests), so the read is still in
     * flight when the cancel comes: with 1 s, a test thread stalled past the hold let the read be
     * answered and the cancel could land between reads, with no read to log as cancelled.
     */
    @Test
    void aCallItsCallerCancelledIsLoggedCancelled() throws Exception {
        mock.close();
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50))
                .maxWait(Duration.ofSeconds(20)).build()).build());
        System.setProperty(StderrLog.PROPERTY, "info");
        CountDownLatch readSent = new CountDownLatch(1);
        VerifyKitListener reads = new VerifyKitListener() {
            @Override
            public void onAttemptStart(CallStart call, int attempt) {
                if (call.operation().equals("GET /v2/sessions/{id}")) {
                    readSent.countDown();
                }
            }
        };
        try (DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(20)).build())
                .createTokenWait(Duration.ZERO).listener(reads).build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u").build());
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id());
            assertThat(readSent.await(30, TimeUnit.SECONDS)).isTrue(); // a hang guard
            wait.cancel(true);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("verifykit: dock GET /v2/sessions/{id}: cancelled")
                .doesNotContain("failed with");
    }

    @Test
    void nothingIsPrintedUnlessAsked() {
        assertThat(run(null)).doesNotContain("verifykit:");
        captured.reset();
        assertThat(run(" ")).as("set empty, as to turn it off").doesNotContain("verifykit:");
    }

    /**
     * README documents {@code debug} and {@code info}; any other value (a misspelt {@code verbose})
     * logged nothing and said nothing. It is told once, naming the setting and the levels it takes,
     * however many clients and verifiers are built, and nothing else is printed.
     */
    @Test
    void anUnknownLevelIsToldOnceNamingTheSettingAndTheLevelsItTakes() {
        String log = run("verbose"); // builds a client and a verifier: the setting is read twice

        assertThat(log).isEqualTo("verifykit: verifykit.log is \"verbose\", not a level VerifyKit knows: it takes debug or"
                + " info; nothing is logged" + System.lineSeparator());
        captured.reset();
        WebhookVerifier.builder().secret(WEBHOOK_SECRET).build();
        assertThat(captured.toString(StandardCharsets.UTF_8)).as("told once").isEmpty();
    }
}
