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
    private final boolean clientClosed;

    /**
     * @param service the service waited on
     * @param attempts requests the wait made
     */
    public WaitCancelledException(Service service, int attempts) {
        super(service, service.label() + ": the wait was cancelled", attempts, null);
        this.clientClosed = false;
    }

    /**
     * @param service the service waited on
     * @param attempts requests the wait made
     * @param reason why it was cancelled, e.g. {@code "the client was closed"}
     */
    public WaitCancelledException(Service service, int attempts, String reason) {
        this(service, attempts, reason, false);
    }

    /**
     * @param service the service waited on
     * @param attempts requests the wait made
     * @param reason why it was cancelled, e.g. {@code "the client was closed"}
     * @param clientClosed whether it was cancelled because its client was closed
     */
    public WaitCancelledException(Service service, int attempts, String reason, boolean clientClosed) {
        super(service, service.label() + ": the wait was cancelled: " + reason, attempts, null);
        this.clientClosed = clientClosed;
    }

    /**
     * Whether the wait ended because its client was closed (an application shutting down), rather
     * than by its caller.
     */
    public boolean clientClosed() {
        return clientClosed;
    }
}
