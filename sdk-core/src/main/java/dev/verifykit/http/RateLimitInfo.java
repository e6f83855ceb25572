package dev.verifykit.http;

import dev.verifykit.internal.Model;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * The rate-limit headers of a response ({@code X-RateLimit-*}, which Dock sends); each figure is
 * empty when the response did not carry it.
 *
 * <pre>{@code
 * dock.lastRateLimit().ifPresent(r -> metrics.gauge("dock.remaining", r.remaining().orElse(-1)));
 * }</pre>
 */
@Model
@Value.Immutable
public abstract class RateLimitInfo {
    RateLimitInfo() {}

    /** A builder with every figure unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** Requests allowed in the current window. */
    public abstract OptionalInt limit();

    /** Requests left in the current window. */
    public abstract OptionalInt remaining();

    /** When the window resets. */
    public abstract Optional<Instant> reset();

    /** Requests allowed today. */
    public abstract OptionalInt limitDay();

    /** Requests left today. */
    public abstract OptionalInt remainingDay();

    /** Builds a {@link RateLimitInfo}, for your tests and fakes. */
    public static final class Builder extends RateLimitInfoValue.Builder {
        Builder() {}
    }
}
