package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.TransportException;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.mock.DokaiSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.mock.MockWebhookDelivery;
import dev.verifykit.webhook.ReplayGuard;
import dev.verifykit.webhook.WebhookOutcome;
import dev.verifykit.webhook.WebhookVerifier;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Dokai client, and a webhook receiver, against the mock's injected faults. */
class DokaiFaultsTest {
    private static final String READ = "/dokai/v1/verify/session/*";
    /**
     * The read timeout of the test whose faults must pass it (a late head, a trickled body), which
     * are expressed from it; a served answer taken for a timeout there is only one more retry.
     */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The read timeout of every other test: only a bound against a hang. With 2 s (700 ms before),
     * a machine stalled that long turned a served answer into a timeout and a retry: a count off by
     * one, a 502 that was to end the call ended as a timeout instead.
     */
    private static final Duration PATIENT_READ_TIMEOUT = Duration.ofSeconds(30);

    private MockServer mock;
    private DokaiClient dokai;
    private HttpServer receiver;
    /** What became of each delivery, in order: 204 handled, 208 a copy answered 200 without handling it again. */
    private final BlockingQueue<Integer> answers = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        mock = MockServer.start(MockSettings.builder().dokai(DokaiSettings.builder().deliveryAttempts(3)
                .deliveryDelays(List.of(Duration.ofMillis(100))).build()).build());
        dokai = client(2);
        WebhookVerifier verifier = WebhookVerifier.builder().secret(mock.settings().dokai().webhookSecret())
                .replayGuard(ReplayGuard.inMemory()).build();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                WebhookOutcome outcome = verifier.handle(body.readAllBytes(), exchange.getRequestHeaders(), event -> { });
                answers.add(outcome.kind() == WebhookOutcome.Kind.HANDLED ? 204
                        : outcome.kind() == WebhookOutcome.Kind.ALREADY_HANDLED ? 208 : outcome.httpStatus());
                exchange.sendResponseHeaders(outcome.httpStatus(), -1);
            }
        });
        receiver.start();
    }

    private DokaiClient client(int maxRetries) {
        return client(maxRetries, PATIENT_READ_TIMEOUT);
    }

    private DokaiClient client(int maxRetries, Duration readTimeout) {
        return DokaiClient.builder().apiKey("dk_test_mock").baseUrl(mock.dokaiBaseUrl())
                .retryPolicy(RetryPolicy.builder().maxRetries(maxRetries).baseDelay(Duration.ofMillis(50))
                        .maxDelay(Duration.ofMillis(200)).maxRetryAfter(Duration.ofSeconds(3)).build())
                .readTimeout(readTimeout).callTimeout(Duration.ofSeconds(60))
                .initialPollInterval(Duration.ofMillis(100)).maxPollInterval(Duration.ofMillis(200)).build();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        dokai.close();
        mock.close();
    }

    private String hook() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private KycSession create() {
        return dokai.verifySessions().create(CreateKycSessionParams.builder().webhookUrl(hook()).build());
    }

    @Test
    void eachFaultOnAReadIsRetriedToTheSession() {
        dokai.close();
        dokai = client(2, READ_TIMEOUT); // the late head and the trickled body are to pass it
        KycSession session = create();
        List<MockFault> faults = List.of(MockFault.resetBeforeResponse(false), MockFault.resetBeforeResponse(true),
                MockFault.resetMidBody(), MockFault.delayHead(READ_TIMEOUT.multipliedBy(3)),
                MockFault.throttleBody(8, READ_TIMEOUT.multipliedBy(2)), MockFault.respond(503),
                MockFault.respond(429).withHeader("Retry-After", "1"));
        for (MockFault fault : faults) {
            mock.faults().add("GET", READ, fault, 1);

            assertThat(dokai.verifySessions().retrieve(session.id()).id()).as(fault.toString()).isEqualTo(session.id());
        }
        assertThat(mock.journal().find(MockJournalQuery.all().service("dokai").method("GET").faulted(true)))
                .extracting(MockJournalEntry::fault)
                .containsExactlyElementsOf(faults.stream().map(MockFault::toString).toList());
    }

    @Test
    void aTruncatedReadIsReadAgainLikeTheOtherClientsReads() {
        KycSession session = create();
        mock.faults().add("GET", READ, MockFault.truncateBody(), 1);

        assertThat(dokai.verifySessions().retrieve(session.id()).id()).isEqualTo(session.id());
    }

    @Test
    void aReadFaultedMoreOftenThanTheRetriesIsTyped() {
        KycSession session = create();
        mock.faults().add("GET", READ, MockFault.respond(502), 3);
        mock.faults().add("GET", READ, MockFault.resetMidBody(), 3);

        assertThatThrownBy(() -> dokai.verifySessions().retrieve(session.id()))
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.httpStatus()).isEqualTo(502));
        assertThatThrownBy(() -> dokai.verifySessions().retrieve(session.id()))
                .isInstanceOf(TransportException.class);
    }

    @Test
    void aTruncatedCreateAnswerIsMalformedAndNotRetried() {
        mock.faults().add("POST", "/dokai/v1/verify/session", MockFault.truncateBody(), 1);

        assertThatThrownBy(this::create).isInstanceOf(MalformedResponseException.class);
        assertThat(mock.dokai().sessionCount()).isEqualTo(1);
    }

    @Test
    void anAwaitedResultSurvivesFaultedPolls() throws Exception {
        KycSession session = create();
        mock.faults().add("GET", READ, MockFault.respond(503), 2);
        mock.faults().add("GET", READ, MockFault.resetBeforeResponse(false), 2);
        var outcome = dokai.verifySessions().awaitResultAsync(session.id());
        mock.dokai().finish(session.id(), "verified");

        assertThat(outcome.get(20, TimeUnit.SECONDS).status().value()).isEqualTo(KycStatus.VERIFIED);
    }

    @Test
    void aFailedWebhookAttemptIsRetriedAndADroppedOneNeverArrives() throws Exception {
        mock.faults().add("POST", "/hook", MockFault.webhookFail(), 1);
        KycSession first = create();
        mock.dokai().finish(first.id(), "verified");

        assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo(204);
        List<MockWebhookDelivery> attempts = mock.dokai().awaitDeliveries(2, Duration.ofSeconds(10));
        assertThat(attempts).extracting(MockWebhookDelivery::attempt, MockWebhookDelivery::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, -1), org.assertj.core.groups.Tuple.tuple(2, 200));
        assertThat(attempts.get(0).error()).startsWith("fault: failed");
        assertThat(attempts.get(0).faultRule()).isEqualTo("f1");

        mock.faults().add("POST", "/hook", MockFault.webhookDrop(), 1);
        KycSession second = create();
        mock.dokai().finish(second.id(), "failed");
        mock.dokai().awaitDeliveries(3, Duration.ofSeconds(10));
        assertThat(answers.poll(500, TimeUnit.MILLISECONDS)).isNull();
        assertThat(mock.dokai().deliveries()).hasSize(3);
    }

    @Test
    void aDuplicatedWebhookIsCaughtByTheReceiversReplayGuard() throws Exception {
        mock.faults().add("POST", "/hook", MockFault.webhookDuplicate(), 1);
        KycSession session = create();

        mock.dokai().finish(session.id(), "verified");

        assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo(204);
        assertThat(answers.poll(10, TimeUnit.SECONDS)).as("the copy, answered 200 unhandled").isEqualTo(208);
        List<MockWebhookDelivery> attempts = mock.dokai().awaitDeliveries(2, Duration.ofSeconds(10));
        assertThat(attempts).extracting(MockWebhookDelivery::attempt).containsExactly(1, 1);
        assertThat(attempts.get(0).body()).isEqualTo(attempts.get(1).body());
        assertThat(answers.poll(300, TimeUnit.MILLISECONDS)).as("no retry after the first copy was accepted").isNull();
    }

    @Test
    void aDelayedWebhookArrivesLate() throws Exception {
        mock.faults().add("POST", "/hook", MockFault.webhookDelay(Duration.ofMillis(800)), 1);
        KycSession session = create();
        long finished = System.nanoTime();

        mock.dokai().finish(session.id(), "unverified");

        assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo(204);
        assertThat(System.nanoTime() - finished).isGreaterThanOrEqualTo(Duration.ofMillis(800).toNanos());
    }
}
