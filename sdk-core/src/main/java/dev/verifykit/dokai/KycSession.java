package dev.verifykit.dokai;

import com.squareup.moshi.Json;
import dev.verifykit.json.OpenEnum;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A Dokai hosted verification session, as created, read, or delivered by webhook. Sections the
 * service has not filled yet ({@code face_match}, {@code liveness}, {@code identity} before the
 * outcome) are empty.
 *
 * <pre>{@code
 * KycSession done = dokai.verifySessions().awaitResult(session.id());
 * if (done.status().is(KycStatus.VERIFIED)) {
 *     done.identity().flatMap(Identity::name).ifPresent(account::setLegalName);
 * }
 * }</pre>
 *
 * @param id the session id ({@code ver_…})
 * @param url the hosted page to send the user to (given on create)
 * @param status the status
 * @param type the kind of session ({@code "hosted"})
 * @param faceMatch the face comparison, once processed
 * @param liveness the liveness check, once processed
 * @param identity the document's data, once processed
 * @param createdAt when the session was created
 * @param expiresAt when the session expires (24 hours after creation)
 */
public record KycSession(
        String id,
        Optional<String> url,
        OpenEnum<KycStatus> status,
        Optional<String> type,
        @Json(name = "face_match") Optional<FaceMatch> faceMatch,
        Optional<Liveness> liveness,
        Optional<Identity> identity,
        @Json(name = "created_at") Optional<Instant> createdAt,
        @Json(name = "expires_at") Optional<Instant> expiresAt) {

    /** Checks the required fields; absent sections are empty. */
    public KycSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        url = url == null ? Optional.empty() : url;
        type = type == null ? Optional.empty() : type;
        faceMatch = faceMatch == null ? Optional.empty() : faceMatch;
        liveness = liveness == null ? Optional.empty() : liveness;
        identity = identity == null ? Optional.empty() : identity;
        createdAt = createdAt == null ? Optional.empty() : createdAt;
        expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
    }

    /** Whether the session has reached its outcome (verified, unverified, failed or expired). */
    public boolean isTerminal() {
        return status.value().isTerminal();
    }
}
