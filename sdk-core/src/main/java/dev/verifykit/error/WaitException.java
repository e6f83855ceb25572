package dev.verifykit.error;

/**
 * A wait for a result gave up before the result arrived: its deadline passed, its poll cap was
 * used up, or it was cancelled. The subclass says which.
 *
 * <pre>{@code
 * catch (WaitException e) {
 *     log.info("gave up after {} requests", e.attempts());
 * }
 * }</pre>
 */
public abstract class WaitException extends VerifyKitException {
    private final int attempts;

    /**
     * @param service the service waited on
     * @param message why the wait ended
     * @param attempts requests the wait made
     * @param cause the last failure, or {@code null}
     */
    protected WaitException(Service service, String message, int attempts, Throwable cause) {
        this(service, message, null, attempts, cause);
    }

    /**
     * @param service the service waited on
     * @param message why the wait ended
     * @param requestId the request id of the answer that ended it, or {@code null}
     * @param attempts requests the wait made
     * @param cause the last failure, or {@code null}
     */
    protected WaitException(Service service, String message, String requestId, int attempts, Throwable cause) {
        super(service, message, requestId, cause);
        this.attempts = attempts;
    }

    /** How many requests the wait made. */
    public int attempts() {
        return attempts;
    }
}
