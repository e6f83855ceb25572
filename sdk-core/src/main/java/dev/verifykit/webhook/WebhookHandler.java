package dev.verifykit.webhook;

/**
 * What an integrator does with a verified webhook event, for {@link WebhookVerifier#handle}: store
 * the outcome, notify the user. Returning means the event was handled; throwing means it was not,
 * and the service's retry of the delivery is handled again.
 *
 * <p>The verifier calls a handler at most once at a time per event and records the event as handled
 * only after the handler returned. It cannot make the service send an event again: Dokai does not
 * document how often or for how long it retries, so a handler that fails on the last retry, or runs
 * until the last retry has come and been answered "in progress", leaves the event undelivered. Keep
 * a handler short and safe to run twice: write the event durably (a row, an outbox, a queue) keyed by
 * its session id, with an upsert, and return; do slow work from there. For sessions whose event
 * never comes, read them ({@code VerifySessions.retrieve}, {@code awaitResult}).
 *
 * <pre>{@code
 * WebhookHandler handler = event -> {
 *     if (event instanceof DokaiWebhookEvent.Completed completed) {
 *         outbox.upsert(completed.session().id(), completed.session()); // quick, and harmless twice
 *     }
 * };
 * }</pre>
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
