package dev.verifykit.error;

/**
 * The service answered, but not in the shape its API promises: invalid JSON, a missing field,
 * an envelope of the wrong kind, or a body larger than the configured maximum.
 *
 * <pre>{@code
 * catch (MalformedResponseException e) {
 *     log.error("unexpected answer (HTTP {}, request {})", e.httpStatus(), e.requestId().orElse("-"));
 * }
 * }</pre>
 */
public class MalformedResponseException extends VerifyKitException {
    private final int httpStatus;

    /**
     * @param service the service that answered
     * @param httpStatus the HTTP status of the answer
     * @param message what was wrong with it
     * @param requestId the request id, or {@code null}
     * @param cause the parse failure, or {@code null}
     */
    public MalformedResponseException(
            Service service, int httpStatus, String message, String requestId, Throwable cause) {
        super(service, message, requestId, cause);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status of the malformed answer. */
    public int httpStatus() {
        return httpStatus;
    }
}
