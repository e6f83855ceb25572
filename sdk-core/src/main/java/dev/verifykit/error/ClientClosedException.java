package dev.verifykit.error;

/**
 * A call was made on a client after its {@code close()}, or the close cut it before its request
 * was sent (in its host name lookup or its connect): nothing was sent. A closed client stays
 * closed; build a new one.
 *
 * <pre>{@code
 * catch (ClientClosedException e) {
 *     log.warn("shutting down: {}", e.getMessage());
 * }
 * }</pre>
 */
public class ClientClosedException extends VerifyKitException {
    /**
     * @param service the client's service
     * @param operation what was called, e.g. {@code "GET /v2/sessions/{id}"}
     */
    public ClientClosedException(Service service, String operation) {
        this(service, operation, false);
    }

    /**
     * @param service the client's service
     * @param operation what was called, e.g. {@code "POST /v1/verify/session"}
     * @param cutBeforeSent whether the call was made before the close, which cut it before its request
     *     was sent (its message says so), rather than on a client closed already
     */
    public ClientClosedException(Service service, String operation, boolean cutBeforeSent) {
        super(service, service.label() + ": " + operation + (cutBeforeSent
                ? " was cut by the client's close before it was sent" : " was called on a closed client")
                + "; nothing was sent", null, null);
    }
}
