package dev.verifykit.internal;

import dev.verifykit.event.WebhookRefusal;
import dev.verifykit.webhook.WebhookVerifier;
import java.util.function.BiConsumer;

/**
 * Tells a verifier's listeners ({@code onWebhookRefused}) of a delivery an endpoint of VerifyKit's own
 * answered without handing it to the verifier: its body not all read in time, over the budget of the
 * bodies arriving at once, not read, or arriving at an endpoint taken out of service. Not API: for
 * {@code WebhookServlet}, whose listeners are the verifier's.
 */
public final class WebhookNotTaken {
    private static volatile BiConsumer<WebhookVerifier, WebhookRefusal> teller;

    private WebhookNotTaken() {}

    /** Set by {@code WebhookVerifier} as its class is initialized (so before any of it exists). */
    public static void teller(BiConsumer<WebhookVerifier, WebhookRefusal> value) {
        teller = value;
    }

    /** Tells {@code verifier}'s listeners of a delivery not taken, answered {@code status} for {@code reason}. */
    public static void tell(WebhookVerifier verifier, String reason, int status) {
        teller.accept(verifier, WebhookRefusal.builder().reason(reason).status(status).build());
    }
}
