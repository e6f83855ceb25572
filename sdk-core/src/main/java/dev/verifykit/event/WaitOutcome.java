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
    /** It stopped before the session's poll cap ({@code PollCapException}). */
    POLL_CAP,
    /** Another failure ended it. */
    FAILED
}
