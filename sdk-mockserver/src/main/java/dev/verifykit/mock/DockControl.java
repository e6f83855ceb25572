package dev.verifykit.mock;

import java.util.Optional;

/**
 * What a person would do on Dock's side, done by a test: complete or expire a session, and look
 * at sessions. The same operations are served over HTTP under {@code /_mock/dock}.
 *
 * <pre>{@code
 * String id = ...; // from POST /dock/v2/sessions
 * MockDockSession done = server.dock().complete(id, "123456789012345678", "156319135");
 * assertThat(done.robloxId()).isEqualTo("156319135");
 * }</pre>
 */
public interface DockControl {

    /**
     * Completes a pending session with a generated Discord id (an 18-digit snowflake) and Roblox id.
     *
     * @throws java.util.NoSuchElementException when the session is unknown or no longer retained
     * @throws IllegalStateException when the session is not pending
     */
    MockDockSession complete(String sessionId);

    /**
     * Completes a pending session, linking {@code discordId} to {@code robloxId} in its pid's dataset.
     *
     * @throws java.util.NoSuchElementException when the session is unknown or no longer retained
     * @throws IllegalStateException when the session is not pending
     * @throws IllegalArgumentException when an id is not a digit string (Discord: 17 to 20 digits)
     */
    MockDockSession complete(String sessionId, String discordId, String robloxId);

    /**
     * Expires a pending session now.
     *
     * @throws java.util.NoSuchElementException when the session is unknown or no longer retained
     * @throws IllegalStateException when the session is not pending
     */
    MockDockSession expire(String sessionId);

    /** The session, while it is retained. */
    Optional<MockDockSession> session(String sessionId);

    /** How many sessions were created since start or the last reset (reuses not counted). */
    int sessionCount();

    /**
     * How many long-polls ({@code GET /v2/sessions/{id}?wait=N}) the mock holds now, waiting for
     * their session to change: a test or a benchmark can wait until its waits are all held before
     * it completes sessions.
     */
    int heldLongPolls();
}
