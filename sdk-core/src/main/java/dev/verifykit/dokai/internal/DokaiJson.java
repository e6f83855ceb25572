package dev.verifykit.dokai.internal;

import dev.verifykit.json.internal.JsonTree;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.verifykit.dokai.FaceMatch;
import dev.verifykit.dokai.Identity;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.dokai.KycStatus;
import dev.verifykit.dokai.Liveness;
import dev.verifykit.http.internal.Redactor;
import dev.verifykit.http.internal.ReflectedSecrets;
import dev.verifykit.json.OpenEnum;
import dev.verifykit.json.internal.ModelAdapter;
import dev.verifykit.json.internal.Values;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Dokai's snake_case JSON: the session and its sections, as the API answers and webhooks deliver them. */
public final class DokaiJson {
    static final JsonAdapter<FaceMatch> FACE_MATCH = new ModelAdapter<FaceMatch.Builder, FaceMatch>("matched", "score",
            "threshold") {
        @Override
        protected FaceMatch.Builder newBuilder() {
            return FaceMatch.builder();
        }

        @Override
        protected void read(int field, JsonReader in, FaceMatch.Builder match) throws IOException {
            switch (field) {
                case 0 -> match.matched(in.nextBoolean());
                case 1 -> match.score(Values.number(in));
                case 2 -> match.threshold(Values.number(in));
                default -> throw noSuchField(field);
            }
        }

        @Override
        protected FaceMatch build(FaceMatch.Builder match, Map<String, Object> additional) {
            return match.additionalProperties(additional).build();
        }
    };

    static final JsonAdapter<Liveness> LIVENESS = new ModelAdapter<Liveness.Builder, Liveness>("passed", "score", "checks") {
        @Override
        protected Liveness.Builder newBuilder() {
            return Liveness.builder();
        }

        @Override
        protected void read(int field, JsonReader in, Liveness.Builder liveness) throws IOException {
            switch (field) {
                case 0 -> liveness.passed(in.nextBoolean());
                case 1 -> liveness.score(Values.number(in));
                case 2 -> liveness.checks(Values.numbersByName(in));
                default -> throw noSuchField(field);
            }
        }

        @Override
        protected Liveness build(Liveness.Builder liveness, Map<String, Object> additional) {
            return liveness.additionalProperties(additional).build();
        }
    };

    static final JsonAdapter<Identity> IDENTITY = new ModelAdapter<Identity.Builder, Identity>("name", "id_number") {
        @Override
        protected Identity.Builder newBuilder() {
            return Identity.builder();
        }

        @Override
        protected void read(int field, JsonReader in, Identity.Builder identity) throws IOException {
            switch (field) {
                case 0 -> identity.name(Values.text(in));
                case 1 -> identity.idNumber(Values.text(in));
                default -> throw noSuchField(field);
            }
        }

        @Override
        protected Identity build(Identity.Builder identity, Map<String, Object> additional) {
            return identity.additionalProperties(additional).build();
        }
    };

    /**
     * A session object (a response body, or a webhook body once its {@code event} is ignored). Its
     * optional parts that do not fit their types (a {@code url} that is no absolute http or https
     * URL, a {@code type} that is no text, a face match without a score, liveness checks that are
     * not numbers, a date that is no ISO-8601 instant) are left unset and
     * kept, as they came, among the session's
     * additional properties: the session stays readable (a verified webhook delivery of a failed
     * session is handled rather than refused), and what the SDK could not type is still there.
     */
    public static final ModelAdapter<KycSession.Builder, KycSession> SESSION = new ModelAdapter<>("id", "url",
            "status", "type", "face_match", "liveness", "identity", "created_at", "expires_at") {
        @Override
        protected KycSession.Builder newBuilder() {
            return KycSession.builder();
        }

        @Override
        protected void read(int field, JsonReader in, KycSession.Builder session) throws IOException {
            switch (field) {
                case 0 -> session.id(Values.text(in));
                case 1 -> {
                    // the page a user is sent to: never a javascript: URL (one is kept as it came, unset)
                    String url = section(in, WEB_URL, "url", session);
                    if (url != null) {
                        session.url(url);
                    }
                }
                case 2 -> session.status(OpenEnum.of(KycStatus.class, Values.text(in)));
                case 3 -> {
                    String type = section(in, Values.TEXT, "type", session);
                    if (type != null) {
                        session.type(type);
                    }
                }
                // no lambda per field: each would be a class spun at a JVM's first read (see ModelAdapter)
                case 4 -> {
                    FaceMatch match = section(in, FACE_MATCH, "face_match", session);
                    if (match != null) {
                        session.faceMatch(match);
                    }
                }
                case 5 -> {
                    Liveness liveness = section(in, LIVENESS, "liveness", session);
                    if (liveness != null) {
                        session.liveness(liveness);
                    }
                }
                case 6 -> {
                    Identity identity = section(in, IDENTITY, "identity", session);
                    if (identity != null) {
                        session.identity(identity);
                    }
                }
                case 7 -> {
                    Instant at = section(in, INSTANT, "created_at", session);
                    if (at != null) {
                        session.createdAt(at);
                    }
                }
                case 8 -> {
                    Instant at = section(in, INSTANT, "expires_at", session);
                    if (at != null) {
                        session.expiresAt(at);
                    }
                }
                default -> throw noSuchField(field);
            }
        }

        @Override
        protected KycSession build(KycSession.Builder session, Map<String, Object> additional) {
            return session.putAllAdditionalProperties(additional).build(); // beside the parts kept by section()
        }
    };

    /** An adapter of a value the SDK reads and never writes. */
    private abstract static class ReadOnly<T> extends JsonAdapter<T> {
        @Override
        public final void toJson(JsonWriter out, T value) {
            throw new UnsupportedOperationException("read only");
        }
    }

    private static final JsonAdapter<String> WEB_URL = new ReadOnly<String>() {
        @Override
        public String fromJson(JsonReader in) throws IOException {
            return Values.webUrl(in);
        }
    }.nullSafe();

    /** An ISO-8601 instant as {@link Values#isoInstant} reads it ({@code null} for JSON's null). */
    private static final JsonAdapter<Instant> INSTANT = new ReadOnly<Instant>() {
        @Override
        public Instant fromJson(JsonReader in) throws IOException {
            return Values.isoInstant(in);
        }
    }.nullSafe();

    private DokaiJson() {}

    /**
     * {@code session} with the client's own secrets masked in its text ({@link ReflectedSecrets}),
     * its sections' included: itself when it holds none.
     */
    static KycSession withoutSecrets(KycSession session, Redactor redactor) {
        Optional<String> urlAsRead = session.url(); // an Optional is made at each call of its accessor
        Optional<String> typeAsRead = session.type();
        Optional<FaceMatch> matchAsRead = session.faceMatch();
        Optional<Liveness> livenessAsRead = session.liveness();
        Optional<Identity> identityAsRead = session.identity();
        Map<String, Object> additionalAsRead = session.additionalProperties();
        String id = ReflectedSecrets.text(redactor, session.id());
        Optional<String> url = ReflectedSecrets.text(redactor, urlAsRead);
        String status = ReflectedSecrets.text(redactor, session.status().raw());
        Optional<String> type = ReflectedSecrets.text(redactor, typeAsRead);
        FaceMatch match = matchAsRead.orElse(null);
        FaceMatch matchShown = match == null ? null
                : withProperties(match, ReflectedSecrets.properties(redactor, match.additionalProperties()));
        Liveness liveness = livenessAsRead.orElse(null);
        Liveness livenessShown = liveness == null ? null : withoutSecrets(liveness, redactor);
        Identity identity = identityAsRead.orElse(null);
        Identity identityShown = identity == null ? null : withoutSecrets(identity, redactor);
        Map<String, Object> additional = ReflectedSecrets.properties(redactor, additionalAsRead);
        if (id == session.id() && url == urlAsRead && status == session.status().raw() && type == typeAsRead
                && matchShown == match && livenessShown == liveness && identityShown == identity
                && additional == additionalAsRead) {
            return session;
        }
        return session.toBuilder().id(id).url(url)
                .status(status == session.status().raw() ? session.status() : OpenEnum.of(KycStatus.class, status))
                .type(type).faceMatch(Optional.ofNullable(matchShown)).liveness(Optional.ofNullable(livenessShown))
                .identity(Optional.ofNullable(identityShown)).additionalProperties(additional).build();
    }

    private static FaceMatch withProperties(FaceMatch match, Map<String, Object> additional) {
        return additional == match.additionalProperties() ? match : match.toBuilder().additionalProperties(additional).build();
    }

    /** The liveness section masked: its unknown fields, and its checks' names (a server's text too). */
    private static Liveness withoutSecrets(Liveness liveness, Redactor redactor) {
        Map<String, Object> additional = ReflectedSecrets.properties(redactor, liveness.additionalProperties());
        Map<String, Double> checks = ReflectedSecrets.names(redactor, liveness.checks());
        return additional == liveness.additionalProperties() && checks == liveness.checks() ? liveness
                : liveness.toBuilder().checks(checks).additionalProperties(additional).build();
    }

    private static Identity withoutSecrets(Identity identity, Redactor redactor) {
        Optional<String> nameAsRead = identity.name();
        Optional<String> idNumberAsRead = identity.idNumber();
        Map<String, Object> additionalAsRead = identity.additionalProperties();
        Optional<String> name = ReflectedSecrets.text(redactor, nameAsRead);
        Optional<String> idNumber = ReflectedSecrets.text(redactor, idNumberAsRead);
        Map<String, Object> additional = ReflectedSecrets.properties(redactor, additionalAsRead);
        if (name == nameAsRead && idNumber == idNumberAsRead && additional == additionalAsRead) {
            return identity;
        }
        return identity.toBuilder().name(name).idNumber(idNumber).additionalProperties(additional).build();
    }

    /**
     * An optional part of a session, read with its adapter ({@code null} for JSON's null); when it
     * does not fit its type, {@code null}, and kept as it came among the session's additional
     * properties under its name.
     */
    private static <S> S section(JsonReader in, JsonAdapter<S> adapter, String name, KycSession.Builder session)
            throws IOException {
        Object value = JsonTree.read(in);
        try {
            return adapter.fromJsonValue(value);
        } catch (JsonDataException | IllegalStateException | IllegalArgumentException unfit) {
            // a value of the wrong type, or a required field missing (the model's build() refused it)
            session.putAdditionalProperties(name, value);
            return null;
        }
    }
}
