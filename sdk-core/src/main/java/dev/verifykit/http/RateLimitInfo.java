package dev.verifykit.http;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The rate-limit headers of a response ({@code X-RateLimit-*}, which Dock sends); each is empty when the
 * response did not carry it.
 *
 * <pre>{@code
 * dock.lastRateLimit().ifPresent(r -> metrics.gauge("dock.remaining", r.remaining().orElse(-1)));
 * }</pre>
 */
public final class RateLimitInfo {
    private final Integer limit;
    private final Integer remaining;
    private final Instant reset;
    private final Integer limitDay;
    private final Integer remainingDay;

    private RateLimitInfo(Builder b) {
        this.limit = b.limit;
        this.remaining = b.remaining;
        this.reset = b.reset;
        this.limitDay = b.limitDay;
        this.remainingDay = b.remainingDay;
    }

    /** A builder with every figure unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** Requests allowed in the current window. */
    public OptionalInt limit() {
        return optional(limit);
    }

    /** Requests left in the current window. */
    public OptionalInt remaining() {
        return optional(remaining);
    }

    /** When the window resets. */
    public Optional<Instant> reset() {
        return Optional.ofNullable(reset);
    }

    /** Requests allowed today. */
    public OptionalInt limitDay() {
        return optional(limitDay);
    }

    /** Requests left today. */
    public OptionalInt remainingDay() {
        return optional(remainingDay);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RateLimitInfo that && Arrays.equals(values(), that.values());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values());
    }

    @Override
    public String toString() {
        return "RateLimitInfo[limit=" + limit + ", remaining=" + remaining + ", reset=" + reset + ", limitDay="
                + limitDay + ", remainingDay=" + remainingDay + "]";
    }

    private Object[] values() {
        return new Object[] {limit, remaining, reset, limitDay, remainingDay};
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /** Builds a {@link RateLimitInfo}, for your tests and fakes; {@code null} leaves a figure unset. */
    public static final class Builder {
        private Integer limit;
        private Integer remaining;
        private Instant reset;
        private Integer limitDay;
        private Integer remainingDay;

        private Builder() {}

        /** Requests allowed in the current window. */
        public Builder limit(Integer value) {
            this.limit = value;
            return this;
        }

        /** Requests left in the current window. */
        public Builder remaining(Integer value) {
            this.remaining = value;
            return this;
        }

        /** When the window resets. */
        public Builder reset(Instant value) {
            this.reset = value;
            return this;
        }

        /** Requests allowed today. */
        public Builder limitDay(Integer value) {
            this.limitDay = value;
            return this;
        }

        /** Requests left today. */
        public Builder remainingDay(Integer value) {
            this.remainingDay = value;
            return this;
        }

        /** The figures. */
        public RateLimitInfo build() {
            return new RateLimitInfo(this);
        }
    }
}
