package dev.verifykit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.webhook.ReplayGuard;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * CHANGELOG: {@code onWebhookOutcome} tells what became of each verified webhook given to
 * {@code WebhookVerifier.handle}, "so a failing handler can be seen and alerted on"; README:
 * {@code verifykit.webhook.deliveries} "(verified webhooks by outcome: alert on handler_failed)". A
 * handler failing with an {@link Error} (a NoClassDefFoundError after a bad deploy, an
 * AssertionError, a StackOverflowError) is rethrown (WebhookServlet answers 500) and told nothing:
 * every delivery of such a handler fails and no handler_failed is counted, traced or logged by
 * VERIFYKIT_LOG.
 */
class WebhookHandlerErrorOutcomeTest {
    @Test
    void aHandlerFailingWithAnErrorIsToldAsAFailedHandler() {
        String secret = "whsec_listener_error_test";
        List<WebhookDelivery> told = new CopyOnWriteArrayList<>();
        WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).replayGuard(ReplayGuard.inMemory())
                .skipTimestampCheck(true).listener(new VerifyKitListener() {
                    @Override
                    public void onWebhookOutcome(WebhookDelivery delivery) {
                        told.add(delivery);
                    }
                }).build();
        byte[] body = "{\"id\":\"ver_1\",\"status\":\"verified\",\"event\":\"verification.completed\"}"
                .getBytes(StandardCharsets.UTF_8);
        NoClassDefFoundError broken = new NoClassDefFoundError("com/example/Outbox");

        Throwable thrown = catchThrowable(() -> verifier.handle(body, WebhookSigner.of(secret).sign(body), event -> {
            throw broken;
        }));

        assertThat(thrown).isSameAs(broken);
        assertThat(told).extracting(WebhookDelivery::outcome).as("outcomes told").containsExactly("HANDLER_FAILED");
    }
}
