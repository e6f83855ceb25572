package dev.verifykit.mock;

import java.util.List;
import java.util.Optional;

/**
 * What a game server and Roblox itself would do, done by a test: keep the directory of Roblox
 * users, complete a code as a game server would (without the verification secret or its rate
 * limit), expire sessions, and look at them. The same operations are served over HTTP under
 * {@code /_mock/roblox}.
 *
 * <pre>{@code
 * // sessionId and code come from POST /roblox/auth.beginVerification
 * server.roblox().registerUser(new MockRobloxUser("42", "player42", "Player 42", "https://example.test/42.png"));
 * MockRobloxSession done = server.roblox().complete(code, "42");
 * assertThat(server.roblox().session(sessionId)).get().extracting(MockRobloxSession::status).isEqualTo("verified");
 * }</pre>
 */
public interface RobloxControl {

    /** Adds {@code user} to the directory, replacing a user with the same id; returns it. */
    MockRobloxUser registerUser(MockRobloxUser user);

    /** Removes the user from the directory; returns it, or empty when there was none. */
    Optional<MockRobloxUser> removeUser(String robloxUserId);

    /** The user with this id, if the directory has one. */
    Optional<MockRobloxUser> user(String robloxUserId);

    /** Every user in the directory, in the order they were registered (the seeded users first). */
    List<MockRobloxUser> users();

    /** The session, until it is cleaned up (an expired session is cleaned up when checked or completed). */
    Optional<MockRobloxSession> session(String sessionId);

    /**
     * Completes the session whose active code is {@code code} (trimmed) for {@code robloxUserId}, as a
     * game server's {@code auth.completeVerification} would, without the secret and the rate limit.
     *
     * @throws IllegalArgumentException when the code is not 6 to 12 characters or the id is not digits
     * @throws java.util.NoSuchElementException when no active code matches or the user is not in the directory
     * @throws IllegalStateException when the code's session expired or the user has no headshot
     */
    MockRobloxSession complete(String code, String robloxUserId);

    /**
     * Expires a pending or verified session now; its code then answers "Verification code expired".
     *
     * @throws java.util.NoSuchElementException when the session is unknown or cleaned up
     * @throws IllegalStateException when the session has already expired
     */
    MockRobloxSession expire(String sessionId);

    /** How many sessions were begun since start or the last reset. */
    int sessionCount();
}
