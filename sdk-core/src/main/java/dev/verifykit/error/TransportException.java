package dev.verifykit.error;

/**
 * The request did not produce an HTTP response: connection refused or reset, DNS failure,
 * timeout, or the call was cancelled. Thrown after the retries the request was allowed.
 *
 * <pre>{@code
 * catch (TransportException e) {
 *     // network trouble: safe to try a read again later
 * }
 * }</pre>
 */
public class TransportException extends VerifyKitException {
    /**
     * @param service the service the request went to
     * @param message what failed, without secrets
     * @param requestId the request id when the response head arrived before the failure, else {@code null}
     * @param cause the I/O failure
     */
    public TransportException(Service service, String message, String requestId, Throwable cause) {
        super(service, message, requestId, cause);
    }
}
