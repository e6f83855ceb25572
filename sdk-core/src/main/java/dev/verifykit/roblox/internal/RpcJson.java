package dev.verifykit.roblox.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.verifykit.json.internal.JsonCodec;
import dev.verifykit.json.internal.ObjectAdapter;
import dev.verifykit.json.internal.Values;
import dev.verifykit.roblox.RobloxUser;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.roblox.VerificationStatus;

/**
 * The RPC's outputs: {@code auth.beginVerification}'s start, {@code auth.checkVerification}'s
 * statuses (told apart by their {@code status}, which each schema then ignores), and the user
 * they and {@code auth.refresh} carry. Times are epoch milliseconds.
 */
final class RpcJson {
    static final JsonAdapter<RobloxUser> USER = ObjectAdapter.of(RobloxUser::builder, RobloxUser.Builder::build,
                    RobloxUser.Builder::additionalProperties)
            .field("robloxUserId", Values.STRING, RobloxUser.Builder::robloxUserId)
            .field("username", Values.STRING, RobloxUser.Builder::username)
            .field("displayName", Values.STRING, RobloxUser.Builder::displayName)
            .field("picture", Values.STRING, RobloxUser.Builder::picture)
            .adapter();

    static final JsonAdapter<VerificationStart> START = ObjectAdapter.of(VerificationStart::builder,
                    VerificationStart.Builder::build, VerificationStart.Builder::additionalProperties)
            .field("sessionId", Values.STRING, VerificationStart.Builder::sessionId)
            .field("code", Values.STRING, VerificationStart.Builder::code)
            .field("expiresAt", Values.EPOCH_MILLIS, VerificationStart.Builder::expiresAt)
            .field("placeId", PlaceIds.READER, VerificationStart.Builder::placeId)
            .adapter();

    static final JsonAdapter<VerificationStatus.Pending> PENDING = ObjectAdapter.of(VerificationStatus.Pending::builder,
                    VerificationStatus.Pending.Builder::build, VerificationStatus.Pending.Builder::additionalProperties)
            .field("code", Values.STRING, VerificationStatus.Pending.Builder::code)
            .field("expiresAt", Values.EPOCH_MILLIS, VerificationStatus.Pending.Builder::expiresAt)
            .adapter().ignoring("status");

    static final JsonAdapter<VerificationStatus.Verified> VERIFIED = ObjectAdapter.of(
                    VerificationStatus.Verified::builder, VerificationStatus.Verified.Builder::build,
                    VerificationStatus.Verified.Builder::additionalProperties)
            .field("jwt", Values.STRING, VerificationStatus.Verified.Builder::jwt)
            .field("user", Values.object(USER), VerificationStatus.Verified.Builder::user)
            .adapter().ignoring("status");

    static final JsonAdapter<VerificationStatus.Expired> EXPIRED = ObjectAdapter.of(VerificationStatus.Expired::builder,
                    VerificationStatus.Expired.Builder::build, VerificationStatus.Expired.Builder::additionalProperties)
            .adapter().ignoring("status");

    /** The SDK's Moshi, reading users as {@link #USER} does (for {@code auth.refresh}'s output record). */
    static final Moshi MOSHI = JsonCodec.MOSHI.newBuilder().add(RobloxUser.class, USER).build();

    private RpcJson() {}
}
