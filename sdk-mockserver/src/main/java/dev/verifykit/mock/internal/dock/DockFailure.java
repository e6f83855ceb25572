package dev.verifykit.mock.internal.dock;

import java.util.Map;

/** An error answer of the Dock API: HTTP status, v2 error code and message. */
final class DockFailure extends RuntimeException {

    final int status;
    final String code;
    final Long retryAfterSeconds;
    final Map<String, Object> rateLimit;

    private DockFailure(int status, String code, String message, Long retryAfterSeconds, Map<String, Object> rateLimit) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.rateLimit = rateLimit;
    }

    static DockFailure of(int status, String code, String message) {
        return new DockFailure(status, code, message, null, null);
    }

    static DockFailure rateLimited(String message, Long retryAfterSeconds, Map<String, Object> rateLimit) {
        return new DockFailure(429, "RATE_LIMITED", message, retryAfterSeconds, rateLimit);
    }

    static DockFailure missing(String field) {
        return of(400, "MISSING_PARAMETER", "Missing required parameter: " + field);
    }

    static DockFailure invalid(String field, String why) {
        return of(400, "INVALID_PARAMETER", "Invalid parameter " + field + ": " + why);
    }

    static DockFailure sessionNotFound() {
        return of(404, "SESSION_NOT_FOUND", "Verification session not found");
    }
}
