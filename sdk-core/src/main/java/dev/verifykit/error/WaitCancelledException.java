package dev.verifykit.error;

/**
 * The wait was cancelled: by its caller (the future cancelled, or the waiting thread
 * interrupted), or because its client was closed. No request is left running.
 *
 * <pre>{@code
 * catch (WaitCancelledException e) { return; }
 * }</pre>
 */
public class WaitCancelledException extends WaitException {
    /**
     * @param service the service waited on
     * @param attempts requests the wait made
     */
    public WaitCancelledException(Service service, int attempts) {
        super(service, service.label() + ": the wait was cancelled", attempts, null);
    }

    /**
     * @param service the service waited on
     * @param attempts requests the wait made
     * @param reason why it was cancelled, e.g. {@code "the client was closed"}
     */
    public WaitCancelledException(Service service, int attempts, String reason) {
        super(service, service.label() + ": the wait was cancelled: " + reason, attempts, null);
    }
}
