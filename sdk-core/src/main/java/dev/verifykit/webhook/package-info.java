/**
 * Dokai webhooks: {@link dev.verifykit.webhook.WebhookVerifier} checks the
 * {@code X-Dokai-Signature} of a delivery against the raw body and reads it as a
 * {@link dev.verifykit.webhook.DokaiWebhookEvent}; its {@code handle} hands each event to your handler
 * once, keeping what was handled in a {@link dev.verifykit.webhook.ReplayGuard} (a copy is answered
 * {@code ALREADY_HANDLED}, 200; {@code verify} and {@code verifyAndParse} never consult the guard);
 * {@link dev.verifykit.webhook.WebhookSigner} signs bodies for tests.
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.builder().secret(System.getenv("DOKAI_WEBHOOK_SECRET")).build();
 *
 * DokaiWebhookEvent event = verifier.verifyAndParse(rawBodyBytes, requestHeaders);
 * if (event instanceof DokaiWebhookEvent.Completed completed
 *         && completed.session().status().is(KycStatus.VERIFIED)) {
 *     markVerified(completed.session().id());
 * }
 * }</pre>
 */
package dev.verifykit.webhook;
