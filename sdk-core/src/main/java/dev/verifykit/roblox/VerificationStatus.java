package dev.verifykit.roblox;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a verification stands.
 *
 * <pre>{@code
 * switch (rpc.checkVerification(sessionId)) {
 *     case VerificationStatus.Pending p -> show("enter " + p.code());
 *     case VerificationStatus.Verified v -> signIn(v.jwt(), v.user());
 *     case VerificationStatus.Expired e -> offerRetry();
 * }
 * }</pre>
 */
public sealed interface VerificationStatus {
    /** Whether the wait is over (verified or expired). */
    default boolean isTerminal() {
        return !(this instanceof Pending);
    }

    /**
     * The user has not entered the code yet.
     *
     * @param code the code to show
     * @param expiresAt when the session ends
     */
    record Pending(String code, Instant expiresAt) implements VerificationStatus {
        /** Checks the fields. */
        public Pending {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /**
     * The user entered the code in the game.
     *
     * @param jwt the session token, valid 1 hour; never shown by {@link #toString()}
     * @param user the Roblox account
     */
    record Verified(String jwt, RobloxUser user) implements VerificationStatus {
        /** Checks the fields. */
        public Verified {
            Objects.requireNonNull(jwt, "jwt");
            Objects.requireNonNull(user, "user");
        }

        @Override
        public String toString() {
            return "Verified[jwt=[REDACTED], user=" + user + "]";
        }
    }

    /** The session no longer exists or has expired. */
    record Expired() implements VerificationStatus {}
}
