/**
 * Dokai hosted KYC: {@link dev.verifykit.dokai.DokaiClient} creates sessions, reads them and
 * waits for their outcome; webhooks are verified by {@code dev.verifykit.webhook}.
 *
 * <pre>{@code
 * KycSession session = dokai.verifySessions().create(CreateKycSessionParams.builder()
 *         .webhookUrl("https://hooks.example.com/dokai").build());
 * redirect(session.url().orElseThrow());
 * }</pre>
 */
package dev.verifykit.dokai;
