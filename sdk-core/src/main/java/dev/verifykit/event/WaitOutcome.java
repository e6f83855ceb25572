package dev.verifykit.event;

/** How a wait ended. */
public enum WaitOutcome {
    /** It has its result. */
    COMPLETED,
    /** It reached its deadline ({@code WaitTimeoutException}). */
    TIMED_OUT,
    /** It was cancelled, interrupted, or its client closed ({@code WaitCancelledException}). */
    CANCELLED,
    /** It stopped before the session's poll cap ({@code PollCapException}). */
    POLL_CAP,
    /** Another failure ended it. */
    FAILED
}
