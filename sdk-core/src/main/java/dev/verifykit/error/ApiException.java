package dev.verifykit.error;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The service answered with an error. Subclasses name the common cases; an unusual status
 * arrives as this class itself.
 *
 * <pre>{@code
 * catch (ApiException e) {
 *     log.warn("{} refused: {} {} (request {})", e.service().orElseThrow(), e.httpStatus(),
 *             e.code().orElse("-"), e.requestId().orElse("-"));
 * }
 * }</pre>
 */
public class ApiException extends VerifyKitException {
    private final ApiError error;

    /** @param error what the service said */
    public ApiException(ApiError error) {
        super(Objects.requireNonNull(error, "error").service(), error.describe(), error.requestId(), null);
        this.error = error;
    }

    /** Everything the service said. */
    public ApiError error() {
        return error;
    }

    /** The HTTP status of the refusal. */
    public int httpStatus() {
        return error.httpStatus();
    }

    /** The service's machine-readable error code, when it gave one. */
    public Optional<String> code() {
        return error.codeIfPresent();
    }

    /** The service's human-readable message, when it gave one. */
    public Optional<String> serviceMessage() {
        return Optional.ofNullable(error.message());
    }

    /** The operation that failed, e.g. {@code "auth.checkVerification"}. */
    public Optional<String> endpoint() {
        return Optional.ofNullable(error.endpoint());
    }

    /** How long the service asked the caller to wait before trying again, when it said. */
    public Optional<Duration> retryAfter() {
        return error.retryAfterIfPresent();
    }
}
