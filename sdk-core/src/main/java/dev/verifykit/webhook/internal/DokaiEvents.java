package dev.verifykit.webhook.internal;

import com.squareup.moshi.JsonAdapter;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.dokai.KycStatus;
import dev.verifykit.dokai.internal.DefaultDokaiClient;
import dev.verifykit.dokai.internal.DokaiJson;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.Service;
import dev.verifykit.error.ValidationException;
import dev.verifykit.http.internal.Redactor;
import dev.verifykit.http.internal.ShownCauses;
import dev.verifykit.json.internal.JsonCodec;
import dev.verifykit.json.internal.JsonTree;
import dev.verifykit.json.internal.JsonFormatException;
import dev.verifykit.webhook.DokaiWebhookEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/** Reads Dokai webhook bodies: the session object plus a top-level {@code event}. */
public final class DokaiEvents {
    private static final JsonAdapter<Object> TREE = JsonTree.ADAPTER;
    private static final JsonAdapter<KycSession> SESSION = DokaiJson.SESSION.ignoring("event");
    private static final String UNKNOWN_PART = "-";

    private DokaiEvents() {}

    /**
     * A parsed event and the id of its delivery.
     *
     * @param event the typed event
     * @param eventId the session id and the event type
     */
    public record Parsed(DokaiWebhookEvent event, String eventId) {
        /**
         * The key a delivery is handled once under. A completed or failed event that names its
         * session goes by its session and type: Dokai sends each once per session, so a retry is a
         * copy whatever its signature. Any other event (a type this version does not know, which
         * Dokai may send more than once per session, or a body without a session id) goes by its
         * session, type and the SHA-256 of its body: a retry of the same body is a copy however it
         * was signed (a timestamped signature differs at each attempt), and a different body is a
         * different event.
         *
         * @param body the body this was parsed from
         */
        public String handlingKey(byte[] body) {
            boolean onePerSession = !eventId.startsWith(UNKNOWN_PART + "/")
                    && !(event instanceof DokaiWebhookEvent.Unknown);
            return onePerSession ? "event/" + eventId : "delivery/" + eventId + "/" + sha256Hex(body);
        }
    }

    /**
     * Parses a verified body. A signed body is still Dokai's text: what a failure quotes of it (the
     * parser's message names the JSON path, its names the body's) is shown as any server text is,
     * masked, escaped and cut by {@code shown}, and the parser's exceptions kept under it cleaned
     * alike ({@link ShownCauses}).
     *
     * @param shown the redactor of the verifier's secrets
     * @throws MalformedResponseException when it is not a JSON object with an {@code event}, or the
     *     event is a known one and the body is not a session
     */
    public static Parsed parse(byte[] body, Redactor shown) {
        Map<?, ?> tree = tree(body, shown);
        if (!(tree.get("event") instanceof String type)) {
            throw malformed("the webhook body has no event field");
        }
        DokaiWebhookEvent event = switch (type) {
            case DokaiWebhookEvent.TYPE_COMPLETED -> DokaiWebhookEvent.Completed.builder()
                    .session(outcome(withId(session(tree, shown)), type, "verified or unverified")).build();
            case DokaiWebhookEvent.TYPE_FAILED -> DokaiWebhookEvent.Failed.builder()
                    .session(outcome(withId(session(tree, shown)), type, "failed")).build();
            default -> DokaiWebhookEvent.Unknown.builder().type(type).rawJson(new String(body, StandardCharsets.UTF_8))
                    .build();
        };
        return new Parsed(event, eventId(tree, event));
    }

    /**
     * Text of a verified body (its event type; the key its delivery is handled under, which holds its
     * session id and type) as events, logs and {@code toString()} show it: as any server text is,
     * escaped and cut ({@link Redactor#serverText}), so that a signed body can neither forge log lines
     * nor drive a terminal. The event's own {@code type()} stays as sent, for handlers to compare.
     */
    public static String shown(String bodyText) {
        return Redactor.none().serverText(bodyText);
    }

    /**
     * The session id and the event type. A completed or failed event's id is its session's as read
     * ({@code session().id()}: an id sent as a whole number reads as its digits), so that the key is
     * the session the handler is given, however the id was written.
     */
    private static String eventId(Map<?, ?> tree, DokaiWebhookEvent event) {
        String id = event instanceof DokaiWebhookEvent.Completed completed ? completed.session().id()
                : event instanceof DokaiWebhookEvent.Failed failed ? failed.session().id() : text(tree.get("id"));
        return id + "/" + text(tree.get("event"));
    }

    private static String text(Object value) {
        return value instanceof String s ? s : UNKNOWN_PART;
    }

    private static Map<?, ?> tree(byte[] body, Redactor shown) {
        Object tree;
        try {
            tree = JsonCodec.read(TREE, body);
        } catch (JsonFormatException e) {
            // valid JSON the SDK does not read (a number past a double's range, a name given twice) is
            // not called invalid: the sender's JSON is not what to look at
            throw malformed(e.notJson() ? "the webhook body is not valid JSON" : "the webhook body is JSON of an unexpected shape",
                    e, shown);
        }
        if (!(tree instanceof Map<?, ?> object)) {
            throw malformed("the webhook body is not a JSON object");
        }
        return object;
    }

    private static KycSession session(Map<?, ?> tree, Redactor shown) {
        try {
            return JsonCodec.readValue(SESSION, tree);
        } catch (JsonFormatException e) {
            throw malformed("the webhook body is not a Dokai session", e, shown);
        }
    }

    /**
     * {@code session}, when its id is one the Dokai client takes back ({@code retrieve},
     * {@code awaitResult}): as a create's answer is checked, so that a handler is never refused later,
     * as the caller, for an id Dokai made ({@code HttpTransport.checkGiven}).
     */
    private static KycSession withId(KycSession session) {
        try {
            DefaultDokaiClient.checkId(session.id());
        } catch (ValidationException refused) {
            throw malformed("the webhook's session id (not shown) is one the Dokai client would refuse to send back: it "
                    + refused.rule());
        }
        return session;
    }

    /**
     * The session of a completed or failed event, which Dokai sends once a session is
     * {@code verified} or {@code unverified} (completed), or {@code failed}: one still on its way
     * (pending, its document uploaded, processing) is refused, as a body that is not that event, so
     * that it neither reaches the handler as an outcome nor takes the key of the session's event of
     * that type, under which the real outcome, sent later, would be taken for a copy and never
     * handled. A status this SDK does not know is kept: it may be a new outcome.
     *
     * @param outcomes the statuses Dokai sends the event with, for the refusal's message
     */
    private static KycSession outcome(KycSession session, String type, String outcomes) {
        KycStatus status = session.status().value();
        if (status == KycStatus.PENDING || status == KycStatus.DOCUMENT_UPLOADED || status == KycStatus.PROCESSING) {
            throw malformed("a " + type + " event's status must be " + outcomes + " (was " + session.status().raw() + ")");
        }
        return session;
    }

    private static String sha256Hex(byte[] body) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static MalformedResponseException malformed(String message) {
        return new MalformedResponseException(Service.DOKAI, 200, message, null, null);
    }

    /** A failure of the parser's: its message quotes the body, so it is shown as server text, and its chain cleaned. */
    private static MalformedResponseException malformed(String what, JsonFormatException e, Redactor shown) {
        return new MalformedResponseException(Service.DOKAI, 200, what + ": " + shown.serverText(e.getMessage()), null,
                ShownCauses.of(e, shown));
    }
}
