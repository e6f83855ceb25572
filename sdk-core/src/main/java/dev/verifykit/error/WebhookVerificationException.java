package dev.verifykit.error;

import java.util.Objects;

/**
 * A webhook delivery was refused. {@link #reason()} says why; the message never contains the
 * secret or the expected signature.
 *
 * <pre>{@code
 * catch (WebhookVerificationException e) {
 *     response.status(e.reason() == Reason.BODY_TOO_LARGE ? 413 : 400);
 * }
 * }</pre>
 */
public class WebhookVerificationException extends VerifyKitException {
    /** Why a delivery was refused. */
    public enum Reason {
        /** No signature header was present. */
        MISSING_HEADER,
        /** The signature header could not be parsed. */
        MALFORMED_HEADER,
        /** No signature in the header matches the body under any configured secret. */
        NO_MATCHING_SIGNATURE,
        /** The signed timestamp is outside the tolerance (too old or in the future). */
        TIMESTAMP_OUTSIDE_TOLERANCE,
        /**
         * The same delivery was accepted before. {@code WebhookVerifier} no longer refuses for this
         * ({@code verify} only checks a delivery; {@code handle} answers a copy of a handled event
         * 200 without handling it again); kept for code of your own that refuses replays.
         */
        REPLAYED,
        /** The body is larger than the configured maximum. */
        BODY_TOO_LARGE
    }

    private final Reason reason;

    /**
     * @param reason why the delivery was refused
     * @param message a description without secrets or expected signatures
     */
    public WebhookVerificationException(Reason reason, String message) {
        super(Service.DOKAI, message, null, null);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the delivery was refused. */
    public Reason reason() {
        return reason;
    }
}
