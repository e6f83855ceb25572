package dev.verifykit.mock;

import java.time.Instant;

/**
 * A snapshot of a Dokai hosted-KYC session held by the mock, as the control plane sees it.
 *
 * <pre>{@code
 * MockKycSession done = server.dokai().finish(sessionId, "verified");
 * assertThat(done.status()).isEqualTo("verified");
 * assertThat(done.result().faceMatch().matched()).isTrue();
 * }</pre>
 *
 * @param id the session id ({@code ver_…})
 * @param status {@code pending}, {@code document_uploaded}, {@code processing}, {@code verified},
 *        {@code unverified}, {@code failed} or {@code expired}
 * @param webhookUrl the {@code webhook_url} given at creation, or {@code null}
 * @param expiresAt when the session expires unless finished before
 * @param createdAt when the session was created
 * @param url the hosted page where a person goes through the session
 * @param documentType the {@code document_type} given at creation, or {@code null}
 * @param documentBrand the {@code document_brand} given at creation, or {@code null}
 * @param result the reported scores and identity once verified, unverified or failed, else {@code null}
 * @param terminalAt when the session was finished or expired, or {@code null} while it runs
 */
public record MockKycSession(String id, String status, String webhookUrl, Instant expiresAt, Instant createdAt,
                             String url, String documentType, String documentBrand, MockKycResult result,
                             Instant terminalAt) {

    /** Whether the session has ended: {@code verified}, {@code unverified}, {@code failed} or {@code expired}. */
    public boolean isTerminal() {
        return terminalAt != null;
    }
}
