package dev.verifykit.webhook;

/**
 * What an integrator does with a verified webhook event, for {@link WebhookVerifier#handle}: store
 * the outcome, notify the user. Returning means the event was handled; throwing means it was not,
 * and the service's retry of the delivery is handled again.
 */
@FunctionalInterface
public interface WebhookHandler {
    /**
     * Handles one event.
     *
     * @throws Exception when the event could not be handled; the delivery's claim is released
     */
    void handle(DokaiWebhookEvent event) throws Exception;
}
