package dev.verifykit.dock;

/**
 * The state of a Dock verification session. A value this SDK does not know arrives as
 * {@link #UNKNOWN}, with the raw string kept in {@link dev.verifykit.json.OpenEnum#raw()}.
 *
 * <pre>{@code
 * if (session.status().is(DockSessionStatus.COMPLETED)) { ... }
 * }</pre>
 */
public enum DockSessionStatus {
    /** The user has not completed verification yet. */
    PENDING,
    /** Verification completed; the result is populated. */
    COMPLETED,
    /** The session reached its lifetime (5 minutes) before completion. */
    EXPIRED,
    /** A status this SDK does not know. */
    UNKNOWN
}
