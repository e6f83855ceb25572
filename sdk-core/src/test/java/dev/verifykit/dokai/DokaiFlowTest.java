package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.InvalidRequestException;
import dev.verifykit.error.NotFoundException;
import dev.verifykit.error.PermissionException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.error.WebhookVerificationException.Reason;
import dev.verifykit.mock.DokaiSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.mock.MockWebhookDelivery;
import dev.verifykit.mock.MutableClock;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.ReplayGuard;
import dev.verifykit.webhook.WebhookOutcome;
import dev.verifykit.webhook.WebhookVerifier;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Dokai client and the webhook verifier end to end against the reference mock server. */
class DokaiFlowTest {
    private MockServer mock;
    private DokaiClient dokai;
    private HttpServer receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
        if (dokai != null) {
            dokai.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    private void start(DokaiSettings settings) {
        mock = MockServer.start(MockSettings.builder().dokai(settings).build());
        dokai = client(settings.apiKey());
    }

    private DokaiClient client(String apiKey) {
        return DokaiClient.builder().apiKey(apiKey).baseUrl(mock.dokaiBaseUrl())
                .initialPollInterval(Duration.ofMillis(100)).maxPollInterval(Duration.ofMillis(400)).build();
    }

    /**
     * A receiver as an integrator writes one: verifies the raw body, answers 204 or 400; the first
     * {@code failures} deliveries are answered 503 before being looked at.
     */
    private String receive(WebhookVerifier verifier, int failures, BlockingQueue<DokaiWebhookEvent> accepted)
            throws Exception {
        AtomicInteger calls = new AtomicInteger();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                byte[] raw = body.readAllBytes();
                if (calls.incrementAndGet() <= failures) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                try {
                    accepted.add(verifier.verifyAndParse(raw, exchange.getRequestHeaders()));
                    exchange.sendResponseHeaders(204, -1);
                } catch (RuntimeException refused) {
                    exchange.sendResponseHeaders(400, -1);
                }
            }
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void createStepsAndAwaitGiveTheOutcomeAndTheSignedWebhookAgrees() throws Exception {
        start(DokaiSettings.defaults());
        BlockingQueue<DokaiWebhookEvent> accepted = new LinkedBlockingQueue<>();
        String url = receive(WebhookVerifier.builder().secret(mock.settings().dokai().webhookSecret())
                .replayGuard(ReplayGuard.inMemory()).build(), 0, accepted);

        KycSession created = dokai.verifySessions().create(CreateKycSessionParams.builder().webhookUrl(url).build());
        CompletableFuture<KycSession> outcome = dokai.verifySessions().awaitResultAsync(created.id());
        mock.dokai().advance(created.id());
        mock.dokai().advance(created.id());
        assertThat(dokai.verifySessions().retrieve(created.id()).status().value()).isEqualTo(KycStatus.PROCESSING);
        mock.dokai().finish(created.id(), "verified");

        KycSession done = outcome.get(20, TimeUnit.SECONDS);
        DokaiWebhookEvent event = accepted.poll(20, TimeUnit.SECONDS);

        assertThat(created.status().value()).isEqualTo(KycStatus.PENDING);
        assertThat(created.url()).hasValueSatisfying(u -> assertThat(u).startsWith(mock.dokaiBaseUrl()));
        assertThat(done.status().value()).isEqualTo(KycStatus.VERIFIED);
        assertThat(done.faceMatch()).hasValueSatisfying(f -> assertThat(f.matched()).isTrue());
        assertThat(done.liveness()).hasValueSatisfying(l -> assertThat(l.texture()).isPresent());
        assertThat(done.identity()).hasValueSatisfying(i -> assertThat(i.name()).isPresent());
        assertThat(event).isInstanceOfSatisfying(DokaiWebhookEvent.Completed.class, c -> {
            assertThat(c.session().id()).isEqualTo(created.id());
            assertThat(c.session().status()).isEqualTo(done.status());
            assertThat(c.session().faceMatch()).isEqualTo(done.faceMatch());
        });
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheThirdAttemptInTheTimestampedScheme() throws Exception {
        start(DokaiSettings.builder().signatureScheme(DokaiSettings.SignatureScheme.TIMESTAMPED)
                .deliveryAttempts(3).deliveryDelays(List.of(Duration.ofMillis(100))).build());
        BlockingQueue<DokaiWebhookEvent> accepted = new LinkedBlockingQueue<>();
        String url = receive(WebhookVerifier.builder().secret(mock.settings().dokai().webhookSecret()).build(), 2, accepted);
        KycSession created = dokai.verifySessions().create(CreateKycSessionParams.builder().webhookUrl(url).build());

        mock.dokai().finish(created.id(), "failed");

        assertThat(accepted.poll(20, TimeUnit.SECONDS)).isInstanceOfSatisfying(DokaiWebhookEvent.Failed.class,
                f -> assertThat(f.session().status().value()).isEqualTo(KycStatus.FAILED));
        List<MockWebhookDelivery> attempts = mock.dokai().awaitDeliveries(3, Duration.ofSeconds(10));
        assertThat(attempts).extracting(MockWebhookDelivery::status).containsExactly(503, 503, 204);
        assertThat(attempts).allSatisfy(a -> assertThat(a.signatureHeader()).startsWith("t="));
    }

    /**
     * A retry sent later than the tolerance after the first attempt is still taken: the mock signs each
     * attempt at its own send time (CONTRACT.md: {@code t=<unix seconds>,v1=<hex HMAC of "<t>.<raw
     * body>">}, "a timestamp outside the tolerance (default 5 minutes) is rejected"), so the
     * service's retry of a delivery the receiver could not take is not refused as stale, and the
     * event is not lost. The receiver moves the mock's clock and its own 10 minutes on before it
     * answers the first attempt 503.
     */
    @Test
    void aRetrySentPastTheToleranceIsSignedAtItsOwnTimeAndHandledOnce() throws Exception {
        Instant first = Instant.parse("2026-03-11T10:31:00Z");
        MutableClock mockClock = MutableClock.at(first);
        VirtualScheduler receiverClock = VirtualScheduler.manual(first);
        DokaiSettings settings = DokaiSettings.builder().signatureScheme(DokaiSettings.SignatureScheme.TIMESTAMPED)
                .deliveryAttempts(2).deliveryDelays(List.of(Duration.ofMillis(100))).deliveryTimeout(Duration.ofMinutes(1))
                .build();
        mock = MockServer.start(MockSettings.builder().clock(mockClock).dokai(settings).build());
        dokai = client(settings.apiKey());
        WebhookVerifier verifier = WebhookVerifier.builder().secret(settings.webhookSecret()).scheduler(receiverClock)
                .build();
        BlockingQueue<DokaiWebhookEvent> handled = new LinkedBlockingQueue<>();
        AtomicInteger calls = new AtomicInteger();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                byte[] raw = body.readAllBytes();
                if (calls.incrementAndGet() == 1) { // not taken (a database down, say): the retry comes 10 minutes on
                    mockClock.advance(Duration.ofMinutes(10));
                    receiverClock.advance(Duration.ofMinutes(10));
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                WebhookOutcome outcome = verifier.handle(raw, exchange.getRequestHeaders(), handled::add);
                exchange.sendResponseHeaders(outcome.httpStatus(), -1);
            }
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        KycSession created = dokai.verifySessions().create(CreateKycSessionParams.builder().webhookUrl(url).build());

        mock.dokai().finish(created.id(), "verified");

        List<MockWebhookDelivery> attempts = mock.dokai().awaitDeliveries(2, Duration.ofSeconds(20));
        assertThat(attempts).extracting(MockWebhookDelivery::status).containsExactly(503, 200);
        assertThat(attempts.get(0).signatureHeader()).startsWith("t=" + first.getEpochSecond() + ",v1=");
        assertThat(attempts.get(1).signatureHeader()).startsWith("t=" + (first.getEpochSecond() + 600) + ",v1=");
        assertThat(handled).singleElement().isInstanceOfSatisfying(DokaiWebhookEvent.Completed.class,
                c -> assertThat(c.session().id()).isEqualTo(created.id()));
        byte[] sent = attempts.get(0).body().getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verifier.verify(sent, attempts.get(0).signatureHeader()))
                .as("the first attempt's signature, 10 minutes on")
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE));
    }

    @Test
    void aWrongSecretRefusesTheDelivery() throws Exception {
        start(DokaiSettings.builder().deliveryAttempts(1).build());
        BlockingQueue<DokaiWebhookEvent> accepted = new LinkedBlockingQueue<>();
        String url = receive(WebhookVerifier.builder().secret("whsec_not_this_one").build(), 0, accepted);
        KycSession created = dokai.verifySessions().create(CreateKycSessionParams.builder().webhookUrl(url).build());

        mock.dokai().finish(created.id(), "verified");

        assertThat(mock.dokai().awaitDeliveries(1, Duration.ofSeconds(10)))
                .singleElement().satisfies(d -> assertThat(d.status()).isEqualTo(400));
        assertThat(accepted).isEmpty();
    }

    @Test
    void refusalsAreTyped() {
        start(DokaiSettings.defaults());

        assertThatThrownBy(() -> client("dk_test_unknown").verifySessions().create(CreateKycSessionParams.none()))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.code()).contains("unauthorized"));
        assertThatThrownBy(() -> client(mock.settings().dokai().noKycApiKey()).verifySessions()
                .create(CreateKycSessionParams.none()))
                .isInstanceOfSatisfying(PermissionException.class, e -> assertThat(e.code()).contains("feature_not_enabled"));
        assertThatThrownBy(() -> dokai.verifySessions().retrieve("ver_doesnotexist"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).contains("not_found"));
        assertThatThrownBy(() -> dokai.verifySessions().create(CreateKycSessionParams.builder()
                .webhookUrl("https://not-allowed.example.org/hook").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e.code()).contains("webhook_domain_not_allowed");
                });
    }

    @Test
    void everyValidationRuleRefusesWithNothingSent() {
        start(DokaiSettings.defaults());

        assertThatThrownBy(() -> CreateKycSessionParams.builder().webhookUrl("http://hooks.example.com/h").build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("webhookUrl"));
        assertThatThrownBy(() -> CreateKycSessionParams.builder().documentType("").build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("documentType"));
        assertThatThrownBy(() -> dokai.verifySessions().retrieve("../etc"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("sessionId"));
        assertThatThrownBy(() -> dokai.verifySessions().awaitResult(""))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("sessionId"));

        assertThat(mock.journal().entries()).isEmpty();
    }

    @Test
    void anExpiredSessionEndsTheWait() {
        start(DokaiSettings.builder().sessionLifetime(Duration.ofSeconds(1)).build());
        KycSession created = dokai.verifySessions().create(CreateKycSessionParams.none());

        KycSession ended = dokai.verifySessions().awaitResult(created.id());

        assertThat(ended.status().value()).isEqualTo(KycStatus.EXPIRED);
    }
}
