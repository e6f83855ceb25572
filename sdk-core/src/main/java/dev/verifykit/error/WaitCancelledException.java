package dev.verifykit.error;

/**
 * The wait was cancelled by its caller (the future cancelled, or the waiting thread
 * interrupted). No request is left running.
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
}
