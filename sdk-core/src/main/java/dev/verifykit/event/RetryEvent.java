package dev.verifykit.event;

import dev.verifykit.internal.Model;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * An attempt failed and was tried again: told as the next attempt starts
 * ({@link VerifyKitListener#onRetry}).
 *
 * <p>In your own tests: {@code RetryEvent.builder()…build()} ({@code attempt}, {@code reason} and {@code delay} are required).
 */
@Model
@Value.Immutable
public abstract class RetryEvent {
    RetryEvent() {}

    /** A builder; {@code attempt}, {@code reason} and {@code delay} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values. */
    public abstract Builder toBuilder();

    /** The attempt that failed (1 for the first). */
    public abstract int attempt();

    /** Why, without secrets: {@code "HTTP 503"}, {@code "HTTP 429 RATE_LIMITED"}, {@code "TransportException"}. */
    public abstract String reason();

    /**
     * The HTTP status the failed attempt was refused with; empty when the service gave no answer
     * of its own (a network failure, a timeout, a body that was not the API's), whose type
     * {@link #reason()} then names. For a metric's tag or a span's attribute without reading
     * {@code reason()}.
     */
    public abstract OptionalInt status();

    /**
     * How long from the failure to the next attempt: the backoff or the {@link #hint()} obeyed, and
     * any wait for the attempt's turn (a create's token, a read's turn at the session's gate).
     */
    public abstract Duration delay();

    /** The service's {@code Retry-After} hint the delay obeys, when it gave one. */
    public abstract Optional<Duration> hint();

    /** Builds a {@link RetryEvent}, for your tests and fakes. */
    public static final class Builder extends RetryEventValue.Builder {
        Builder() {}
    }
}
