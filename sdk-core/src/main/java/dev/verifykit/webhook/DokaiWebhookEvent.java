package dev.verifykit.webhook;

import dev.verifykit.dokai.KycSession;
import dev.verifykit.internal.Model;
import dev.verifykit.internal.ModelText;
import org.immutables.value.Value;

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
 *
 * <p>The three kinds are classes whose implementations the SDK generates, so they are
 * {@code non-sealed}; their constructors are not public, so these three are all there are. In your
 * own tests, build one: {@code DokaiWebhookEvent.Completed.builder().session(session).build()}.
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
     */
    @Model
    @Value.Immutable
    non-sealed abstract class Completed implements DokaiWebhookEvent {
        Completed() {}

        /** A builder; the session is required. */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding this event's session. */
        public abstract Builder toBuilder();

        /** The session as delivered (without the {@code event} field). */
        public abstract KycSession session();

        @Override
        public String type() {
            return TYPE_COMPLETED;
        }

        /** Builds a {@link Completed}, for your tests and fakes. */
        public static final class Builder extends CompletedValue.Builder {
            Builder() {}
        }
    }

    /** {@value #TYPE_FAILED}: an error occurred during verification, e.g. no face was detected. */
    @Model
    @Value.Immutable
    non-sealed abstract class Failed implements DokaiWebhookEvent {
        Failed() {}

        /** A builder; the session is required. */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding this event's session. */
        public abstract Builder toBuilder();

        /** The session as delivered (without the {@code event} field). */
        public abstract KycSession session();

        @Override
        public String type() {
            return TYPE_FAILED;
        }

        /** Builds a {@link Failed}, for your tests and fakes. */
        public static final class Builder extends FailedValue.Builder {
            Builder() {}
        }
    }

    /**
     * An event type this SDK does not know yet, with the body as received; {@code toString()} leaves
     * the body out, since it may hold personal data.
     */
    @Model
    @Value.Immutable
    non-sealed abstract class Unknown implements DokaiWebhookEvent {
        Unknown() {}

        /** A builder; both fields are required. */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding this event's values. */
        public abstract Builder toBuilder();

        /** The {@code event} field. */
        @Override
        public abstract String type();

        /** The whole body, as UTF-8 text. */
        @Value.Redacted
        public abstract String rawJson();

        /** Its type, the sender's text escaped (<code>&#92;u001B</code>) as in every message, and not its body. */
        @Override
        public String toString() {
            return ModelText.of("Unknown", "type", type(), "rawJson", ModelText.REDACTED);
        }

        /** Builds an {@link Unknown}, for your tests and fakes. */
        public static final class Builder extends UnknownValue.Builder {
            Builder() {}
        }
    }
}
