package dev.verifykit.dokai;

/**
 * The status of a hosted KYC session. A value this SDK does not know arrives as {@link #UNKNOWN},
 * with the raw string kept in {@link dev.verifykit.json.OpenEnum#raw()}.
 *
 * <pre>{@code
 * if (session.status().value().isTerminal()) { ... }
 * }</pre>
 */
public enum KycStatus {
    /** Created; the user has not started. */
    PENDING(false),
    /** The document is uploaded; the selfie is pending. */
    DOCUMENT_UPLOADED(false),
    /** Both images are in; verification is running. */
    PROCESSING(false),
    /** Identity verified: face matched and liveness passed. */
    VERIFIED(true),
    /** Completed, but the identity could not be confirmed (face mismatch or liveness failed). */
    UNVERIFIED(true),
    /** An error occurred during verification (e.g. no face detected). */
    FAILED(true),
    /** The session expired before completion (24-hour lifetime). */
    EXPIRED(true),
    /** A status this SDK does not know; not terminal, so a wait goes on until its deadline. */
    UNKNOWN(false);

    private final boolean terminal;

    KycStatus(boolean terminal) {
        this.terminal = terminal;
    }

    /** Whether the session has reached its outcome. */
    public boolean isTerminal() {
        return terminal;
    }
}
