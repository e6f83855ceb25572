package dev.verifykit.mock.internal.roblox;

import java.time.Instant;

/** What {@code auth.checkVerification} finds for a session id. */
sealed interface Verification {

    /** The code still waits for a game server. */
    record Pending(String code, Instant expiresAt) implements Verification {
    }

    /** A game server completed the code; the player's token. */
    record Verified(Token token) implements Verification {
    }

    /** No such session, or it expired. */
    record Expired() implements Verification {
    }
}
