package dev.verifykit.roblox.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import dev.verifykit.json.internal.JsonCodec;
import dev.verifykit.json.internal.ModelAdapter;
import dev.verifykit.json.internal.Values;
import dev.verifykit.roblox.RobloxUser;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.roblox.VerificationStatus;
import java.io.IOException;
import java.util.Map;

/**
 * The RPC's outputs: {@code auth.beginVerification}'s start, {@code auth.checkVerification}'s
 * statuses (told apart by their {@code status}, which each schema then ignores), and the user
 * they and {@code auth.refresh} carry. Times are epoch milliseconds.
 */
final class RpcJson {
    static final JsonAdapter<RobloxUser> USER = new ModelAdapter<RobloxUser.Builder, RobloxUser>("robloxUserId",
            "username", "displayName", "picture") {
        @Override
        protected RobloxUser.Builder newBuilder() {
            return RobloxUser.builder();
        }

        @Override
        protected void read(int field, JsonReader in, RobloxUser.Builder user) throws IOException {
            switch (field) {
                case 0 -> user.robloxUserId(Values.text(in));
                case 1 -> user.username(Values.text(in));
                case 2 -> user.displayName(Values.text(in));
                case 3 -> user.picture(Values.text(in));
                default -> throw noSuchField(field);
            }
        }

        @Override
        protected RobloxUser build(RobloxUser.Builder user, Map<String, Object> additional) {
            return user.additionalProperties(additional).build();
        }
    };

    static final JsonAdapter<VerificationStart> START = new ModelAdapter<VerificationStart.Builder, VerificationStart>(
            "sessionId", "code", "expiresAt", "placeId") {
        @Override
        protected VerificationStart.Builder newBuilder() {
            return VerificationStart.builder();
        }

        @Override
        protected void read(int field, JsonReader in, VerificationStart.Builder start) throws IOException {
            switch (field) {
                case 0 -> start.sessionId(Values.text(in));
                case 1 -> start.code(Values.text(in));
                case 2 -> start.expiresAt(Values.epochMillis(in));
                case 3 -> start.placeId(PlaceIds.read(in));
                default -> throw noSuchField(field);
            }
        }

        @Override
        protected VerificationStart build(VerificationStart.Builder start, Map<String, Object> additional) {
            return start.additionalProperties(additional).build();
        }
    };

    static final JsonAdapter<VerificationStatus.Pending> PENDING = new ModelAdapter<VerificationStatus.Pending.Builder,
            VerificationStatus.Pending>("code", "expiresAt") {
        @Override
        protected VerificationStatus.Pending.Builder newBuilder() {
            return VerificationStatus.Pending.builder();
        }

        @Override
        protected void read(int field, JsonReader in, VerificationStatus.Pending.Builder pending) throws IOException {
            switch (field) {
                case 0 -> pending.code(Values.text(in));
                case 1 -> pending.expiresAt(Values.epochMillis(in));
                default -> throw noSuchField(field);
            }
        }

        @Override
        protected VerificationStatus.Pending build(VerificationStatus.Pending.Builder pending,
                Map<String, Object> additional) {
            return pending.additionalProperties(additional).build();
        }
    }.ignoring("status");

    static final JsonAdapter<VerificationStatus.Verified> VERIFIED = new ModelAdapter<
            VerificationStatus.Verified.Builder, VerificationStatus.Verified>("jwt", "user") {
        @Override
        protected VerificationStatus.Verified.Builder newBuilder() {
            return VerificationStatus.Verified.builder();
        }

        @Override
        protected void read(int field, JsonReader in, VerificationStatus.Verified.Builder verified) throws IOException {
            switch (field) {
                case 0 -> verified.jwt(Values.text(in));
                case 1 -> verified.user(USER.fromJson(in));
                default -> throw noSuchField(field);
            }
        }

        @Override
        protected VerificationStatus.Verified build(VerificationStatus.Verified.Builder verified,
                Map<String, Object> additional) {
            return verified.additionalProperties(additional).build();
        }
    }.ignoring("status");

    static final JsonAdapter<VerificationStatus.Expired> EXPIRED = new ModelAdapter<VerificationStatus.Expired.Builder,
            VerificationStatus.Expired>() {
        @Override
        protected VerificationStatus.Expired.Builder newBuilder() {
            return VerificationStatus.Expired.builder();
        }

        @Override
        protected void read(int field, JsonReader in, VerificationStatus.Expired.Builder expired) throws IOException {
            throw noSuchField(field);
        }

        @Override
        protected VerificationStatus.Expired build(VerificationStatus.Expired.Builder expired,
                Map<String, Object> additional) {
            return expired.additionalProperties(additional).build();
        }
    }.ignoring("status");

    /** The SDK's Moshi, reading users as {@link #USER} does (for {@code auth.refresh}'s output record). */
    static final Moshi MOSHI = JsonCodec.MOSHI.newBuilder().add(RobloxUser.class, USER).build();

    private RpcJson() {}
}
