package dev.verifykit.webhook;

import dev.verifykit.dokai.KycSession;
import java.util.Objects;

/**
 * A verified Dokai webhook delivery, by event type. Dokai sends the session object with an added
 * {@code event} field.
 *
 * <pre>{@code
 * switch (verifier.verifyAndParse(body, headers)) {
 *     case DokaiWebhookEvent.Completed c -> onOutcome(c.session());   // verified or unverified
 *     case DokaiWebhookEvent.Failed f -> onError(f.session());
 *     case DokaiWebhookEvent.Unknown u -> log.info("ignoring event {}", u.type());
 * }
 * }</pre>
 * (Pattern matching in {@code switch} needs Java 21; on 17 use {@code instanceof}.)
 */
public sealed interface DokaiWebhookEvent {
    /** The type of {@link Completed}. */
    String TYPE_COMPLETED = "verification.completed";
    /** The type of {@link Failed}. */
    String TYPE_FAILED = "verification.failed";

    /** The {@code event} field, e.g. {@value #TYPE_COMPLETED}. */
    String type();

    /**
     * {@value #TYPE_COMPLETED}: the session reached an outcome, {@code verified} or {@code unverified}
     * (see {@link KycSession#status()}).
     *
     * @param session the session as delivered
     */
    record Completed(KycSession session) implements DokaiWebhookEvent {
        /** Checks the session is present. */
        public Completed {
            Objects.requireNonNull(session, "session");
        }

        @Override
        public String type() {
            return TYPE_COMPLETED;
        }
    }

    /**
     * {@value #TYPE_FAILED}: an error occurred during verification, e.g. no face was detected.
     *
     * @param session the session as delivered
     */
    record Failed(KycSession session) implements DokaiWebhookEvent {
        /** Checks the session is present. */
        public Failed {
            Objects.requireNonNull(session, "session");
        }

        @Override
        public String type() {
            return TYPE_FAILED;
        }
    }

    /**
     * An event type this SDK does not know yet, with the body as received.
     *
     * @param type the {@code event} field
     * @param rawJson the whole body, as UTF-8 text; it may hold personal data, so {@link #toString()}
     *     leaves it out
     */
    record Unknown(String type, String rawJson) implements DokaiWebhookEvent {
        /** Checks both parts are present. */
        public Unknown {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(rawJson, "rawJson");
        }

        @Override
        public String toString() {
            return "Unknown[type=" + type + ", rawJson=(" + rawJson.length() + " characters)]";
        }
    }
}
