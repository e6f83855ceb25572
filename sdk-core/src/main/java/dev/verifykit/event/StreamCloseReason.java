package dev.verifykit.event;

/** Why a session stream ended. */
public enum StreamCloseReason {
    /** The session reached a final state. */
    COMPLETED,
    /** The server closed it (at its maximum age, or at once) while the session was pending. */
    SERVER_CLOSED,
    /** The connection broke or the stream was malformed. */
    BROKEN,
    /** The wait ended (deadline, cancel, close) while the stream was open. */
    CANCELLED
}
