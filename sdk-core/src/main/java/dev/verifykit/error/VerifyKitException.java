package dev.verifykit.error;

import java.util.Optional;

/**
 * The root of every exception VerifyKit throws. Unchecked.
 *
 * <p>Messages never contain API keys, verification secrets, JWTs or webhook secrets.
 *
 * <pre>{@code
 * catch (VerifyKitException e) {
 *     log.warn("{} failed, request id {}", e.service().map(Service::label).orElse("verifykit"),
 *             e.requestId().orElse("-"));
 * }
 * }</pre>
 */
public class VerifyKitException extends RuntimeException {
    private final Service service;
    private final String requestId;

    /**
     * @param service the service involved, or {@code null} when none is
     * @param message what went wrong, without secrets
     * @param requestId the service's request id, or {@code null} when unknown
     * @param cause the underlying cause, or {@code null}
     */
    public VerifyKitException(Service service, String message, String requestId, Throwable cause) {
        super(message, cause);
        this.service = service;
        this.requestId = requestId;
    }

    /** The service the failed request went to, when one did. */
    public Optional<Service> service() {
        return Optional.ofNullable(service);
    }

    /** The request id the service gave the failed response, when it gave one. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }
}
