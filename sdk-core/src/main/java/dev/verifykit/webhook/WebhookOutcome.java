package dev.verifykit.webhook;

import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.webhook.internal.DokaiEvents;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@link WebhookVerifier#handle} did with a delivery, and how to answer it: send
 * {@link #httpStatus()}, and a {@code Retry-After} header of {@link #retryAfter()} when present.
 *
 * <table>
 *   <caption>Outcomes and answers</caption>
 *   <tr><th>{@link Kind}</th><th>meaning</th><th>answer</th></tr>
 *   <tr><td>{@code HANDLED}</td><td>verified, new, and the handler returned</td><td>200</td></tr>
 *   <tr><td>{@code ALREADY_HANDLED}</td><td>a copy of a delivery handled before (a retry or a
 *       duplicate); the handler was not called</td><td>200, so the service stops sending it</td></tr>
 *   <tr><td>{@code IN_PROGRESS}</td><td>another copy is being handled right now (here or on
 *       another instance); the handler was not called</td><td>409 with {@code Retry-After}</td></tr>
 *   <tr><td>{@code REFUSED}</td><td>not verified (see {@link #refusal()}), or verified but not a
 *       Dokai event</td><td>400 (413 for a body over the size limit)</td></tr>
 *   <tr><td>{@code HANDLER_FAILED}</td><td>the handler threw (see {@link #failure()}); the claim was
 *       released so the service's retry is handled</td><td>500</td></tr>
 *   <tr><td>{@code GUARD_UNAVAILABLE}</td><td>the replay guard's store could not be reached (see
 *       {@link #failure()}); the handler was not called</td><td>503 with {@code Retry-After}</td></tr>
 * </table>
 */
public final class WebhookOutcome {
    /** How long a service is asked to wait before sending again when the replay guard was unreachable. */
    static final Duration UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(10);

    /** The outcomes. */
    public enum Kind {
        /** Verified, new, and the handler returned. */
        HANDLED(200),
        /** A copy of a delivery handled before. */
        ALREADY_HANDLED(200),
        /** Another copy is being handled right now. */
        IN_PROGRESS(409),
        /** Not verified, or not a Dokai event. */
        REFUSED(400),
        /** The handler threw; the delivery will be handled when sent again. */
        HANDLER_FAILED(500),
        /** The replay guard's store could not be reached. */
        GUARD_UNAVAILABLE(503);

        private final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        /** The HTTP status to answer a delivery of this kind with (413 for a refused body that is too large). */
        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Kind kind;
    private final DokaiWebhookEvent event;
    private final Duration retryAfter;
    private final VerifyKitException refusal;
    private final Throwable failure;

    private WebhookOutcome(Kind kind, DokaiWebhookEvent event, Duration retryAfter, VerifyKitException refusal,
            Throwable failure) {
        this.kind = kind;
        this.event = event;
        this.retryAfter = retryAfter;
        this.refusal = refusal;
        this.failure = failure;
    }

    static WebhookOutcome of(Kind kind, DokaiWebhookEvent event) {
        return new WebhookOutcome(kind, event, null, null, null);
    }

    static WebhookOutcome inProgress(DokaiWebhookEvent event, Duration retryAfter) {
        return new WebhookOutcome(Kind.IN_PROGRESS, event, retryAfter, null, null);
    }

    static WebhookOutcome refused(VerifyKitException refusal) {
        return new WebhookOutcome(Kind.REFUSED, null, null, refusal, null);
    }

    static WebhookOutcome handlerFailed(DokaiWebhookEvent event, Throwable failure) {
        return new WebhookOutcome(Kind.HANDLER_FAILED, event, null, null, failure);
    }

    static WebhookOutcome guardUnavailable(DokaiWebhookEvent event, Throwable failure) {
        return new WebhookOutcome(Kind.GUARD_UNAVAILABLE, event, UNAVAILABLE_RETRY_AFTER, null, failure);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The HTTP status to answer the delivery with: the kind's, except 413 for a body over the
     * verifier's size limit.
     */
    public int httpStatus() {
        if (refusal instanceof WebhookVerificationException e
                && e.reason() == WebhookVerificationException.Reason.BODY_TOO_LARGE) {
            return 413;
        }
        return kind.httpStatus();
    }

    /** Whether the service should stop sending this delivery: it was handled, now or before. */
    public boolean handled() {
        return kind == Kind.HANDLED || kind == Kind.ALREADY_HANDLED;
    }

    /** The verified event; empty when the delivery was refused. */
    public Optional<DokaiWebhookEvent> event() {
        return Optional.ofNullable(event);
    }

    /**
     * How long to ask the service to wait before sending again ({@code Retry-After}, in whole
     * seconds rounded up): for {@code IN_PROGRESS}, until the other copy's claim expires at the
     * latest; for {@code GUARD_UNAVAILABLE}, 10 seconds.
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * {@link #retryAfter()} as the value of a {@code Retry-After} header: whole seconds, rounded
     * up, at least 1; empty when there is none.
     */
    public Optional<String> retryAfterHeader() {
        return retryAfter().map(d -> Long.toString(Math.max(1, d.getSeconds() + (d.getNano() > 0 ? 1 : 0))));
    }

    /**
     * Why the delivery was refused: a {@link dev.verifykit.error.WebhookVerificationException}, or
     * a {@link dev.verifykit.error.MalformedResponseException} for a verified body that is not a
     * Dokai event. Never quotes a secret.
     */
    public Optional<VerifyKitException> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** What the handler threw ({@code HANDLER_FAILED}), or why the guard was unreachable ({@code GUARD_UNAVAILABLE}). */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("WebhookOutcome[").append(kind).append(' ').append(httpStatus());
        if (event != null) {
            text.append(", ").append(DokaiEvents.shown(event.type()));
        }
        retryAfterHeader().ifPresent(s -> text.append(", retry after ").append(s).append(" s"));
        if (refusal != null) {
            text.append(", ").append(refusal.getMessage());
        }
        if (failure != null) {
            text.append(", ").append(failure.getClass().getSimpleName());
        }
        return text.append(']').toString();
    }
}
