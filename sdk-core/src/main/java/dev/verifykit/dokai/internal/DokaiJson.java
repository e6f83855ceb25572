package dev.verifykit.dokai.internal;

import com.squareup.moshi.JsonAdapter;
import dev.verifykit.dokai.FaceMatch;
import dev.verifykit.dokai.Identity;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.dokai.KycStatus;
import dev.verifykit.dokai.Liveness;
import dev.verifykit.json.internal.ObjectAdapter;
import dev.verifykit.json.internal.Values;

/** Dokai's snake_case JSON: the session and its sections, as the API answers and webhooks deliver them. */
public final class DokaiJson {
    static final JsonAdapter<FaceMatch> FACE_MATCH = ObjectAdapter.of(FaceMatch::builder, FaceMatch.Builder::build,
                    FaceMatch.Builder::additionalProperties)
            .field("matched", Values.BOOLEAN, FaceMatch.Builder::matched)
            .field("score", Values.DOUBLE, FaceMatch.Builder::score)
            .field("threshold", Values.DOUBLE, FaceMatch.Builder::threshold)
            .adapter();

    static final JsonAdapter<Liveness> LIVENESS = ObjectAdapter.of(Liveness::builder, Liveness.Builder::build,
                    Liveness.Builder::additionalProperties)
            .field("passed", Values.BOOLEAN, Liveness.Builder::passed)
            .field("score", Values.DOUBLE, Liveness.Builder::score)
            .field("checks", Values.NUMBERS_BY_NAME, Liveness.Builder::checks)
            .adapter();

    static final JsonAdapter<Identity> IDENTITY = ObjectAdapter.of(Identity::builder, Identity.Builder::build,
                    Identity.Builder::additionalProperties)
            .field("name", Values.STRING, Identity.Builder::name)
            .field("id_number", Values.STRING, Identity.Builder::idNumber)
            .adapter();

    /** A session object (a response body, or a webhook body once its {@code event} is ignored). */
    public static final ObjectAdapter<KycSession.Builder, KycSession> SESSION = ObjectAdapter.of(KycSession::builder,
                    KycSession.Builder::build, KycSession.Builder::additionalProperties)
            .field("id", Values.STRING, KycSession.Builder::id)
            .field("url", Values.STRING, KycSession.Builder::url)
            .field("status", Values.openEnum(KycStatus.class), KycSession.Builder::status)
            .field("type", Values.STRING, KycSession.Builder::type)
            .field("face_match", Values.object(FACE_MATCH), KycSession.Builder::faceMatch)
            .field("liveness", Values.object(LIVENESS), KycSession.Builder::liveness)
            .field("identity", Values.object(IDENTITY), KycSession.Builder::identity)
            .field("created_at", Values.ISO_INSTANT, KycSession.Builder::createdAt)
            .field("expires_at", Values.ISO_INSTANT, KycSession.Builder::expiresAt)
            .adapter();

    private DokaiJson() {}
}
