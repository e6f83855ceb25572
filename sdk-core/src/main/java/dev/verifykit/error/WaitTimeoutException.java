package dev.verifykit.error;

/**
 * The wait's deadline passed before a final result arrived.
 *
 * <pre>{@code
 * catch (WaitTimeoutException e) { showRetryButton(); }
 * }</pre>
 */
public class WaitTimeoutException extends WaitException {
    /**
     * @param service the service waited on
     * @param message why the wait ended
     * @param attempts requests the wait made
     * @param cause the last failure, or {@code null}
     */
    public WaitTimeoutException(Service service, String message, int attempts, Throwable cause) {
        super(service, message, attempts, cause);
    }
}
