package dev.verifykit.mock.internal.dock;

/**
 * The Dock state's refusal of a create or a read, with the rule that refused it and, for a rate
 * limit, the limit and when to retry; the service answers it in the v2 error shape.
 */
final class Refused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    enum Rule { SESSION_NOT_FOUND, IDEMPOTENCY_CONFLICT, RATE_LIMITED }

    final Rule rule;
    final RateLimit rateLimit;
    final Long retryAfterSeconds;

    private Refused(Rule rule, String message, RateLimit rateLimit, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.rule = rule;
        this.rateLimit = rateLimit;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static Refused sessionNotFound() {
        return new Refused(Rule.SESSION_NOT_FOUND, "Verification session not found", null, null);
    }

    static Refused idempotencyConflict() {
        return new Refused(Rule.IDEMPOTENCY_CONFLICT, "Idempotency-Key was already used with a different request body",
                null, null);
    }

    /** A rate limit: {@code retryAfterSeconds} is null when waiting does not help (a poll cap). */
    static Refused rateLimited(String message, Long retryAfterSeconds, RateLimit rateLimit) {
        return new Refused(Rule.RATE_LIMITED, message, rateLimit, retryAfterSeconds);
    }
}
