package dev.verifykit.mock;

import java.util.List;
import java.util.Optional;

/**
 * What a game server and Roblox itself would do, done by a test: keep the directory of Roblox
 * users, complete a code as a game server would (without the verification secret or its rate
 * limit), expire sessions, and look at them. The same operations are served over HTTP under
 * {@code /_mock/roblox}.
 *
 * <p>Like Roblox, the directory knows every user id (1 to 20 digits): an id nobody registered has a
 * generated profile ({@code user<id>}, {@code User <id>}, a headshot URL). Register a user to choose
 * its profile, or register an id as missing or without a headshot to reach the RPC's failures.
 *
 * <pre>{@code
 * // sessionId and code come from POST /roblox/auth.beginVerification
 * server.roblox().registerUser(new MockRobloxUser("42", "player42", "Player 42", "https://example.test/42.png"));
 * server.roblox().registerMissingUser("404");          // completing for 404 fails: 401
 * MockRobloxSession done = server.roblox().complete(code, "42");
 * assertThat(server.roblox().session(sessionId)).get().extracting(MockRobloxSession::status).isEqualTo("verified");
 * }</pre>
 */
public interface RobloxControl {

    /** Adds {@code user} to the directory, replacing what was registered for that id; returns it. */
    MockRobloxUser registerUser(MockRobloxUser user);

    /**
     * Registers an id Roblox does not know: completing a code or refreshing a token for it fails with
     * 401 "Failed to fetch Roblox user profile". Replaces a user registered with that id.
     *
     * @throws IllegalArgumentException when the id is not 1 to 20 digits, leading zeros aside (as the directory reads it)
     */
    void registerMissingUser(String robloxUserId);

    /**
     * Registers the id's user without an avatar headshot, keeping its registered (or generated) names:
     * completing a code or refreshing a token for it fails with 500 "Roblox user headshot not available".
     *
     * @return the user registered
     * @throws IllegalArgumentException when the id is not 1 to 20 digits, leading zeros aside (as the directory reads it)
     */
    MockRobloxUser registerUserWithoutHeadshot(String robloxUserId);

    /**
     * Forgets what was registered for the id (a user, or a missing mark), so that it has its generated
     * profile again; returns the removed user, or empty when no user was registered.
     */
    Optional<MockRobloxUser> removeUser(String robloxUserId);

    /** The profile the id has: registered, else generated; empty when registered missing or not 1 to 20 digits. */
    Optional<MockRobloxUser> user(String robloxUserId);

    /** Every registered user (not the generated profiles), in the order they were registered, the seeded users first. */
    List<MockRobloxUser> users();

    /** The ids registered as missing, in the order they were registered. */
    List<String> missingUsers();

    /**
     * The session, until it is cleaned up: an expired session is cleaned up when checked or completed,
     * and by the sweep that a begin or a check runs at most once a minute of the mock's clock.
     */
    Optional<MockRobloxSession> session(String sessionId);

    /**
     * Completes the session whose active code is {@code code} (trimmed) for {@code robloxUserId}, as a
     * game server's {@code auth.completeVerification} would, without the secret and the rate limit.
     *
     * @throws IllegalArgumentException when the code is not 6 to 12 characters or the id is not digits
     * @throws java.util.NoSuchElementException when no active code matches or Roblox has no such user
     *     (registered as missing)
     * @throws IllegalStateException when the code's session expired or the user has no headshot
     */
    MockRobloxSession complete(String code, String robloxUserId);

    /**
     * Expires a pending or verified session now; the RPC then answers its code with "Invalid or expired
     * verification code" (and {@link #complete} with an {@link IllegalStateException}).
     *
     * @throws java.util.NoSuchElementException when the session is unknown or cleaned up
     * @throws IllegalStateException when the session has already expired
     */
    MockRobloxSession expire(String sessionId);

    /** How many sessions were begun since start or the last reset. */
    int sessionCount();
}
