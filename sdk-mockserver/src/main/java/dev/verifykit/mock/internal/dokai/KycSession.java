package dev.verifykit.mock.internal.dokai;

import dev.verifykit.mock.MockKycResult;
import dev.verifykit.mock.MockKycSession;
import java.time.Instant;

/**
 * One hosted-KYC session as the mock holds it, immutable: every step is a new one.
 *
 * @param token the token of its hosted page
 * @param apiKey the API key that owns it
 * @param state where it stands, as the control plane shows it
 */
record KycSession(String token, String apiKey, MockKycSession state) {

    /** The webhook event a session finished with {@code outcome} is delivered as, or null when the outcome is not one. */
    static String event(String outcome) {
        return switch (outcome) {
            case "verified", "unverified" -> "verification.completed";
            case "failed" -> "verification.failed";
            default -> null;
        };
    }

    boolean isRunning() {
        return !state.isTerminal();
    }

    /** This session moved on to {@code status}, still running. */
    KycSession stepped(String status) {
        return with(status, null, null);
    }

    /** This session ended with {@code status} at {@code at}, reporting {@code result}. */
    KycSession ended(String status, MockKycResult result, Instant at) {
        return with(status, result, at);
    }

    private KycSession with(String status, MockKycResult result, Instant terminalAt) {
        return new KycSession(token, apiKey, new MockKycSession(state.id(), status, state.webhookUrl(),
                state.expiresAt(), state.createdAt(), state.url(), state.documentType(), state.documentBrand(), result,
                terminalAt));
    }
}
