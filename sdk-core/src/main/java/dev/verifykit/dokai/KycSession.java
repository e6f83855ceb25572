package dev.verifykit.dokai;

import dev.verifykit.internal.Model;
import dev.verifykit.internal.ModelText;
import dev.verifykit.json.OpenEnum;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A Dokai hosted verification session, as created, read, or delivered by webhook. Sections the
 * service has not filled yet ({@code face_match}, {@code liveness}, {@code identity} before the
 * outcome) are empty; fields the service adds that this version does not know are kept in
 * {@link #additionalProperties()}. A session the client created or read has the client's own
 * secrets (its API key) masked in its text as in a server's text, should the server reflect them.
 *
 * <pre>{@code
 * KycSession done = dokai.verifySessions().awaitResult(session.id());
 * if (done.status().is(KycStatus.VERIFIED)) {
 *     done.identity().flatMap(Identity::name).ifPresent(account::setLegalName);
 * }
 * }</pre>
 *
 * <p>In your own tests, build one: {@code KycSession.builder().id("ver_1").status(KycStatus.PENDING).build()}
 * ({@code id} and {@code status} are required).
 */
@Model
@Value.Immutable
public abstract class KycSession {
    KycSession() {}

    /** A builder; {@code id} and {@code status} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this session's values. */
    public abstract Builder toBuilder();

    /** The session id ({@code ver_…}). */
    public abstract String id();

    /**
     * The hosted page to send the user to (given on create). Its address carries a token that lets
     * whoever opens it go through the user's verification, so it is never shown by {@code toString()}.
     * An absolute {@code http} or {@code https} URL, never another (a {@code javascript:} URL, say):
     * a create answered with another, or with none, is a {@code MalformedResponseException} (naming
     * the session created); a read or a webhook delivery keeps such a value as it came among
     * {@link #additionalProperties()} and leaves this empty (empty too when it came with none).
     */
    @Value.Redacted
    public abstract Optional<String> url();

    /** The status. */
    public abstract OpenEnum<KycStatus> status();

    /** The kind of session ({@code "hosted"}). */
    public abstract Optional<String> type();

    /** The face comparison, once processed. */
    public abstract Optional<FaceMatch> faceMatch();

    /** The liveness check, once processed. */
    public abstract Optional<Liveness> liveness();

    /** The document's data, once processed. */
    public abstract Optional<Identity> identity();

    /** When the session was created. */
    public abstract Optional<Instant> createdAt();

    /** When the session expires (24 hours after creation). */
    public abstract Optional<Instant> expiresAt();

    /** Fields the service sent that this version does not know, as JSON values; left out of {@code toString()}. */
    @Model.AllowNulls
    @Value.Redacted
    public abstract Map<String, Object> additionalProperties();

    /** Whether the session has reached its outcome (verified, unverified, failed or expired). */
    public boolean isTerminal() {
        return status().value().isTerminal();
    }

    /**
     * Its fields, as Immutables prints them (the hosted page's address and {@code additionalProperties}
     * left out), with the server's text escaped (<code>&#92;u001B</code>) as in every message: the fields keep it
     * as it came.
     */
    @Override
    public String toString() {
        return ModelText.of("KycSession", "id", id(), "url", url().isPresent() ? ModelText.REDACTED : null,
                "status", status(), "type", type(), "faceMatch", faceMatch(), "liveness", liveness(),
                "identity", identity(), "createdAt", createdAt(), "expiresAt", expiresAt(),
                "additionalProperties", ModelText.REDACTED);
    }

    /** Builds a {@link KycSession}, for your tests and fakes. */
    public static final class Builder extends KycSessionValue.Builder {
        Builder() {}

        /** The status, a known one. */
        public Builder status(KycStatus value) {
            status(OpenEnum.known(value));
            return this;
        }
    }
}
