package dev.verifykit.event;

import dev.verifykit.internal.Model;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * A webhook delivery refused before its handler ran (its content is not shown).
 *
 * <p>In your own tests: {@code WebhookRefusal.builder()…build()} ({@code reason} is required).
 */
@Model
@Value.Immutable
public abstract class WebhookRefusal {
    WebhookRefusal() {}

    /** A builder; {@code reason} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values. */
    public abstract Builder toBuilder();

    /**
     * Why, without the body or a secret: the name of the {@code WebhookVerificationException.Reason},
     * e.g. {@code "NO_MATCHING_SIGNATURE"}, {@code "BODY_TOO_LARGE"}, or {@code MALFORMED_EVENT} for a
     * signed body that is no event. {@code WebhookServlet} tells, with its verifier's listeners, the
     * deliveries it answers without handing them to the verifier: {@code BODY_TIMEOUT} (408: the body
     * not all there by its deadline), {@code BODIES_BUDGET_FULL} (503: the bodies arriving at once hold
     * their budget), {@code BODY_UNREAD} (503: the body could not be read, or the container ended the
     * request) and {@code SERVLET_DESTROYED} (503: the servlet taken out of service); each 503 is to be
     * sent again.
     */
    public abstract String reason();

    /** The HTTP status the refusal should be answered with, when the verifier gives one. */
    public abstract OptionalInt status();

    /** Builds a {@link WebhookRefusal}, for your tests and fakes. */
    public static final class Builder extends WebhookRefusalValue.Builder {
        Builder() {}
    }
}
