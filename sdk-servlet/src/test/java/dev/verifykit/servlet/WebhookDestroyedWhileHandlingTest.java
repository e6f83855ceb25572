package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.testing.Background;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.ReplayGuard;
import dev.verifykit.webhook.WebhookOutcome;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WebhookServlet's Javadoc: {@code destroy()} answers the deliveries still arriving 503, but "a
 * delivery already being handled finishes, its claim committed or released" ({@code destroy()}: "A
 * delivery being handled is not cut short"). A handler still running when the container takes the
 * servlet out of service ends as it would have: answered with its outcome, its claim committed when
 * it returned (a copy sent again is already handled, not handled twice) and released when it threw
 * (the service's retry is handled). Read asynchronously and blocking alike.
 */
class WebhookDestroyedWhileHandlingTest {
    private static final String SECRET = "whsec_mock";
    private static final String PATH = "/verifykit/dokai/webhook";
    private static final String BODY = "{\"id\":\"ver_destroyed1\",\"status\":\"verified\",\"type\":\"hosted\","
            + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2099-03-12T10:30:00Z\","
            + "\"event\":\"verification.completed\"}";
    private static final long PATIENCE_SECONDS = 20;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ReplayGuard guard = ReplayGuard.inMemory();
    // virtual: the claim's extensions never run, and no timer thread of the verifier's starts
    private final WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).replayGuard(guard)
            .scheduler(VirtualScheduler.manual(Instant.now())).build();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger handlerCalls = new AtomicInteger();
    private Container container;

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (container != null) {
            container.close();
        }
    }

    @ParameterizedTest(name = "read asynchronously: {0}")
    @ValueSource(booleans = {true, false})
    void aDeliveryBeingHandledWhenTheServletIsDestroyedIsAnsweredHandledAndItsClaimCommitted(boolean async)
            throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSigner.of(SECRET).sign(body);
        WebhookServlet servlet = handlingUntilReleased(false);
        container = Container.start(async, c -> c.map(PATH, servlet));

        HttpResponse<String> answer = destroyedWhileHandling(servlet, body, signature);

        assertThat(answer.statusCode()).as("answered with its outcome, not cut short").isEqualTo(200);
        assertThat(answer.body()).isEqualTo("HANDLED\n");
        AtomicInteger copies = new AtomicInteger();
        WebhookOutcome copy = verifier.handle(body, signature, event -> copies.incrementAndGet());
        assertThat(copy.kind()).as("the claim was committed: a copy sent again is not handled twice")
                .isEqualTo(WebhookOutcome.Kind.ALREADY_HANDLED);
        assertThat(copies).hasValue(0);
        assertThat(handlerCalls).hasValue(1);
    }

    @ParameterizedTest(name = "read asynchronously: {0}")
    @ValueSource(booleans = {true, false})
    void aHandlerFailingAfterTheServletWasDestroyedIsAnswered500AndItsClaimReleased(boolean async) throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSigner.of(SECRET).sign(body);
        WebhookServlet servlet = handlingUntilReleased(true);
        container = Container.start(async, c -> c.map(PATH, servlet));

        HttpResponse<String> answer = destroyedWhileHandling(servlet, body, signature);

        assertThat(answer.statusCode()).as("the handler's failure, for the service to send it again").isEqualTo(500);
        AtomicInteger copies = new AtomicInteger();
        WebhookOutcome retry = verifier.handle(body, signature, event -> copies.incrementAndGet());
        assertThat(retry.kind()).as("the claim was released: the service's retry is handled, not answered in progress")
                .isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(copies).hasValue(1);
    }

    /** A servlet whose handler holds until {@link #release}, then returns or throws. */
    private WebhookServlet handlingUntilReleased(boolean fails) {
        return new WebhookServlet(verifier, event -> {
            handlerCalls.incrementAndGet();
            entered.countDown();
            assertThat(release.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("released by the test").isTrue();
            if (fails) {
                throw new IllegalStateException("the database is down");
            }
        });
    }

    /**
     * Posts the delivery, destroys the servlet while its handler runs (destroy() returns without
     * waiting for it), then lets the handler end; the delivery's answer.
     */
    private HttpResponse<String> destroyedWhileHandling(WebhookServlet servlet, byte[] body, String signature)
            throws Exception {
        CompletableFuture<HttpResponse<String>> sent = http.sendAsync(HttpRequest.newBuilder(URI.create(container.url(PATH)))
                .header("Content-Type", "application/json").header(WebhookSigner.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("the handler runs").isTrue();

        Background.run(servlet::destroy).get(PATIENCE_SECONDS, TimeUnit.SECONDS); // a handler being run does not hold it
        assertThat(sent).as("not answered while its handler runs").isNotDone();
        release.countDown();

        return sent.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }
}
