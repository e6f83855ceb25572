package dev.verifykit.mock.internal.roblox;

import dev.verifykit.mock.MockRobloxSession;
import dev.verifykit.mock.MockRobloxUser;
import java.time.Instant;

/**
 * One verification session, immutable: completing or expiring it makes a new one.
 *
 * @param id the session id (a UUID)
 * @param code the code shown to the player
 * @param expiresAt when it expires
 * @param user the player once a game server completed the code, else null
 * @param jwt the token issued then, else null
 */
record RobloxSession(String id, String code, Instant expiresAt, MockRobloxUser user, String jwt) {

    boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    RobloxSession verified(MockRobloxUser player, String token) {
        return new RobloxSession(id, code, expiresAt, player, token);
    }

    RobloxSession expiredAt(Instant now) {
        return new RobloxSession(id, code, now, user, jwt);
    }

    MockRobloxSession snapshot(Instant now) {
        String status = isExpired(now) ? "expired" : user != null ? "verified" : "pending";
        return new MockRobloxSession(id, code, status, expiresAt, user == null ? null : user.robloxUserId(), jwt);
    }
}
