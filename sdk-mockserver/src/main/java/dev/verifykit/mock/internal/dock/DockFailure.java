package dev.verifykit.mock.internal.dock;

/** An error answer of the Dock API: HTTP status, v2 error code, message, and for a rate limit its details. */
final class DockFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    final Long retryAfterSeconds;
    final RateLimit rateLimit;

    private DockFailure(int status, String code, String message, Long retryAfterSeconds, RateLimit rateLimit) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.rateLimit = rateLimit;
    }

    static DockFailure of(int status, String code, String message) {
        return new DockFailure(status, code, message, null, null);
    }

    /** The answer to the state's refusal. */
    static DockFailure of(Refused refused) {
        return switch (refused.rule) {
            case SESSION_NOT_FOUND -> of(404, "SESSION_NOT_FOUND", refused.getMessage());
            case IDEMPOTENCY_CONFLICT -> of(409, "CONFLICT", refused.getMessage());
            case RATE_LIMITED -> new DockFailure(429, "RATE_LIMITED", refused.getMessage(), refused.retryAfterSeconds,
                    refused.rateLimit);
        };
    }

    static DockFailure missing(String field) {
        return of(400, "MISSING_PARAMETER", "Missing required parameter: " + field);
    }

    static DockFailure invalid(String field, String why) {
        return of(400, "INVALID_PARAMETER", "Invalid parameter " + field + ": " + why);
    }
}
