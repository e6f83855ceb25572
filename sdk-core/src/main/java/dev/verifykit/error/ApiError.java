package dev.verifykit.error;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a service said when it refused a request: HTTP status, its machine-readable code, its
 * message, and where known the request id, the endpoint and how long to wait before retrying.
 *
 * <pre>{@code
 * ApiError error = ApiError.of(Service.DOCK, 404, "SESSION_NOT_FOUND", "Session not found");
 * throw new NotFoundException(error); // in a fake of your own
 * }</pre>
 *
 * @param service the service that answered
 * @param httpStatus the HTTP status
 * @param code the service's error code ({@code "SESSION_NOT_FOUND"}, {@code "TOO_MANY_REQUESTS"},
 *     {@code "webhook_domain_not_allowed"}), or {@code null} when the body had none
 * @param message the service's human-readable message, or {@code null}
 * @param requestId the request id, or {@code null}
 * @param endpoint the operation that failed ({@code "GET /v2/sessions/{id}"},
 *     {@code "auth.checkVerification"}), or {@code null}
 * @param retryAfter how long the service asked the caller to wait, or {@code null}
 */
public record ApiError(
        Service service,
        int httpStatus,
        String code,
        String message,
        String requestId,
        String endpoint,
        Duration retryAfter) {

    /** Checks that the service is given. */
    public ApiError {
        Objects.requireNonNull(service, "service");
    }

    /** An error with only status, code and message known. */
    public static ApiError of(Service service, int httpStatus, String code, String message) {
        return new ApiError(service, httpStatus, code, message, null, null, null);
    }

    /** The service's error code, when the body had one. */
    public Optional<String> codeIfPresent() {
        return Optional.ofNullable(code);
    }

    /** The wait the service asked for, when it asked. */
    public Optional<Duration> retryAfterIfPresent() {
        return Optional.ofNullable(retryAfter);
    }

    /** A copy with the retry-after hint replaced. */
    public ApiError withRetryAfter(Duration value) {
        return new ApiError(service, httpStatus, code, message, requestId, endpoint, value);
    }

    String describe() {
        StringBuilder text = new StringBuilder(service.label()).append(": HTTP ").append(httpStatus);
        if (code != null) {
            text.append(' ').append(code);
        }
        if (message != null && !message.isEmpty()) {
            text.append(": ").append(message);
        }
        if (endpoint != null) {
            text.append(" [").append(endpoint).append(']');
        }
        if (requestId != null) {
            text.append(" (request ").append(requestId).append(')');
        }
        return text.toString();
    }
}
