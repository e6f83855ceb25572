package dev.verifykit.roblox;

import dev.verifykit.internal.Model;
import java.time.Instant;
import java.util.Map;
import org.immutables.value.Value;

/**
 * Where a verification stands: {@link Pending}, {@link Verified} or {@link Expired}. Fields the RPC
 * adds that this version does not know are kept in each one's {@code additionalProperties()}.
 *
 * <pre>{@code
 * VerificationStatus status = rpc.checkVerification(sessionId);
 * if (status instanceof VerificationStatus.Pending p) {
 *     show("enter " + p.code());
 * } else if (status instanceof VerificationStatus.Verified v) {
 *     signIn(v.jwt(), v.user());
 * } else {
 *     offerRetry(); // VerificationStatus.Expired
 * }
 * }</pre>
 * (On Java 21, a {@code switch} with a {@code case} for each of the three does the same.)
 *
 * <p>The three are classes whose implementations the SDK generates, so they are {@code non-sealed};
 * their constructors are not public, so these three are all there are. In your own tests, build
 * one: {@code VerificationStatus.Pending.builder().code("482913").expiresAt(instant).build()},
 * {@code VerificationStatus.Expired.instance()}.
 */
public sealed interface VerificationStatus {
    /** Whether the wait is over (verified or expired). */
    default boolean isTerminal() {
        return !(this instanceof Pending);
    }

    /** The user has not entered the code yet. */
    @Model
    @Value.Immutable
    non-sealed abstract class Pending implements VerificationStatus {
        Pending() {}

        /** A builder; both fields are required. */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding this status's values. */
        public abstract Builder toBuilder();

        /** The code to show; never shown by {@code toString()} (whoever enters it first is linked to the session). */
        @Value.Redacted
        public abstract String code();

        /** When the session ends. */
        public abstract Instant expiresAt();

        /** Fields the RPC sent that this version does not know, as JSON values; left out of {@code toString()}. */
        @Model.AllowNulls
        @Value.Redacted
        public abstract Map<String, Object> additionalProperties();

        /** Builds a {@link Pending}, for your tests and fakes. */
        public static final class Builder extends PendingValue.Builder {
            Builder() {}
        }
    }

    /** The user entered the code in the game. */
    @Model
    @Value.Immutable
    non-sealed abstract class Verified implements VerificationStatus {
        Verified() {}

        /** A builder; both fields are required. */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding this status's values. */
        public abstract Builder toBuilder();

        /** The session token, valid 1 hour; never shown by {@code toString()}. */
        @Value.Redacted
        public abstract String jwt();

        /** The Roblox account. */
        public abstract RobloxUser user();

        /** Fields the RPC sent that this version does not know, as JSON values; left out of {@code toString()}. */
        @Model.AllowNulls
        @Value.Redacted
        public abstract Map<String, Object> additionalProperties();

        /** Builds a {@link Verified}, for your tests and fakes. */
        public static final class Builder extends VerifiedValue.Builder {
            Builder() {}
        }
    }

    /** The session no longer exists or has expired. */
    @Model
    @Value.Immutable
    non-sealed abstract class Expired implements VerificationStatus {
        private static final Expired INSTANCE = builder().build();

        Expired() {}

        /** The expired status, as the client gives it when a session's expiry has passed. */
        public static Expired instance() {
            return INSTANCE;
        }

        /** A builder, for an expired status with additional properties. */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding this status's values. */
        public abstract Builder toBuilder();

        /** Fields the RPC sent that this version does not know, as JSON values; left out of {@code toString()}. */
        @Model.AllowNulls
        @Value.Redacted
        public abstract Map<String, Object> additionalProperties();

        /** Builds an {@link Expired}, for your tests and fakes. */
        public static final class Builder extends ExpiredValue.Builder {
            Builder() {}
        }
    }
}
