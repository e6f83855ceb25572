package dev.verifykit.error;

/**
 * The store a client shares its guardrails through (a {@link dev.verifykit.dock.GuardrailStore} on
 * Redis, say) could not be reached, so the request was not sent: sending it without the store's
 * word could trip a guardrail that other instances are counting on. A create fails at once; a read
 * or a wait treats it as it treats a network failure, trying again within its retries or deadline.
 */
public class StoreUnavailableException extends VerifyKitException {
    /**
     * @param service the service the request was for
     * @param message what failed, without secrets
     * @param cause the store's failure
     */
    public StoreUnavailableException(Service service, String message, Throwable cause) {
        super(service, message, null, cause);
    }
}
