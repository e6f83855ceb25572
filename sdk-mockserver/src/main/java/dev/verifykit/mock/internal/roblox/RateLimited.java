package dev.verifykit.mock.internal.roblox;

/** A call over one of the sliding-window limits, and the whole seconds until it would be admitted. */
final class RateLimited extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final long retryAfterSeconds;

    RateLimited(long retryAfterSeconds) {
        super("retry after " + retryAfterSeconds + " s", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
