package dev.verifykit.event;

import dev.verifykit.internal.Model;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What became of a verified webhook delivery given to {@code WebhookVerifier.handle}: handled,
 * a copy of one handled before, another copy in progress, the handler failed, or the replay guard
 * could not be reached. The event's content is not shown. (A delivery refused before that is a
 * {@link WebhookRefusal}.)
 *
 * <p>In your own tests: {@code WebhookDelivery.builder()…build()} ({@code outcome}, {@code status}
 * and {@code eventType} are required).
 */
@Model
@Value.Immutable
public abstract class WebhookDelivery {
    WebhookDelivery() {}

    /** A builder; {@code outcome}, {@code status} and {@code eventType} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values. */
    public abstract Builder toBuilder();

    /**
     * The name of the {@code WebhookOutcome.Kind}: {@code HANDLED}, {@code ALREADY_HANDLED},
     * {@code IN_PROGRESS}, {@code HANDLER_FAILED} or {@code GUARD_UNAVAILABLE}.
     */
    public abstract String outcome();

    /** The HTTP status the delivery is answered with (200, 409, 500 or 503). */
    public abstract int status();

    /**
     * The event's type, e.g. {@code verification.completed}, as server text is shown in messages and
     * logs: a control character (a line break, ESC), a line separator or a bidi override written as
     * <code>&#92;uXXXX</code>, and cut after 1000 characters. ({@code DokaiWebhookEvent.type()} has it
     * as sent.)
     */
    public abstract String eventType();

    /** How long the handler ran, when it was called ({@code HANDLED} and {@code HANDLER_FAILED}). */
    public abstract Optional<Duration> handlerDuration();

    /**
     * What the handler threw ({@code HANDLER_FAILED}) or the replay guard's failure
     * ({@code GUARD_UNAVAILABLE}). Not shown by {@code toString()}: a handler's message may quote the
     * event it failed on.
     */
    @Value.Redacted
    public abstract Optional<Throwable> failure();

    /** Builds a {@link WebhookDelivery}, for your tests and fakes. */
    public static final class Builder extends WebhookDeliveryValue.Builder {
        Builder() {}
    }
}
