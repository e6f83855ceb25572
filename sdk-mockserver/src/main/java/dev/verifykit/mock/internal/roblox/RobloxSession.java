package dev.verifykit.mock.internal.roblox;

import dev.verifykit.mock.MockRobloxSession;
import dev.verifykit.mock.MockRobloxUser;
import java.time.Instant;

/** One verification session; guarded by the state's lock. */
final class RobloxSession {

    final String id;
    final String code;
    Instant expiresAt;
    MockRobloxUser user;
    String jwt;

    RobloxSession(String id, String code, Instant expiresAt) {
        this.id = id;
        this.code = code;
        this.expiresAt = expiresAt;
    }

    boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    String status(Instant now) {
        return isExpired(now) ? "expired" : user != null ? "verified" : "pending";
    }

    MockRobloxSession snapshot(Instant now) {
        return new MockRobloxSession(id, code, status(now), expiresAt, user == null ? null : user.robloxUserId(), jwt);
    }
}
