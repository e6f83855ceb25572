package dev.verifykit.mock.internal.dokai;

import dev.verifykit.mock.MockKycResult;
import dev.verifykit.mock.MockKycSession;
import java.time.Instant;

/** One hosted-KYC session as the mock holds it; guarded by {@link DokaiState}'s lock. */
final class KycSession {

    final String id;
    final String token;
    final String apiKey;
    final String url;
    final String webhookUrl;
    final String documentType;
    final String documentBrand;
    final Instant createdAt;
    final Instant expiresAt;
    String status = "pending";
    MockKycResult result;
    Instant terminalAt;

    KycSession(String id, String token, String apiKey, String url, String webhookUrl, String documentType,
               String documentBrand, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.token = token;
        this.apiKey = apiKey;
        this.url = url;
        this.webhookUrl = webhookUrl;
        this.documentType = documentType;
        this.documentBrand = documentBrand;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    /** The webhook event a session finished with {@code outcome} is delivered as, or null when the outcome is not one. */
    static String event(String outcome) {
        return switch (outcome) {
            case "verified", "unverified" -> "verification.completed";
            case "failed" -> "verification.failed";
            default -> null;
        };
    }

    boolean isRunning() {
        return terminalAt == null;
    }

    MockKycSession snapshot() {
        return new MockKycSession(id, status, webhookUrl, expiresAt, createdAt, url, documentType, documentBrand,
                result, terminalAt);
    }
}
