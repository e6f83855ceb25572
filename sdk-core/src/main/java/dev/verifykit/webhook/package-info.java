/**
 * Dokai webhooks: {@link dev.verifykit.webhook.WebhookVerifier} checks the
 * {@code X-Dokai-Signature} of a delivery against the raw body and reads it as a
 * {@link dev.verifykit.webhook.DokaiWebhookEvent}; {@link dev.verifykit.webhook.ReplayGuard}
 * refuses a delivery seen before; {@link dev.verifykit.webhook.WebhookSigner} signs bodies for tests.
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
