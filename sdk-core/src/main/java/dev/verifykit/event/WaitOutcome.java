package dev.verifykit.event;

/** How a wait ended. */
public enum WaitOutcome {
    /** It has its result. */
    COMPLETED,
    /**
     * It reached its deadline ({@code WaitTimeoutException}), or its caller's: the caller completed its
     * future with a {@code TimeoutException} ({@code orTimeout}).
     */
    TIMED_OUT,
    /**
     * It was cancelled, interrupted, or its client closed ({@code WaitCancelledException}), or its
     * caller completed its future (with a value or any other exception).
     */
    CANCELLED,
    /**
     * It stopped before the session's poll cap: the service's reads of the session used up, or about
     * to be (a {@code PollCapException} with no {@code option()}).
     */
    POLL_CAP,
    /**
     * It stopped at its own {@code WaitOptions.maxRequests}, before the session's poll cap (a
     * {@code PollCapException} whose {@code option()} names it): the application's limit, not the
     * service's.
     */
    REQUEST_LIMIT,
    /** Another failure ended it. */
    FAILED
}
