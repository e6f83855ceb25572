package dev.verifykit.poll;

import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Require;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How one wait behaves: when to give up, how often to ask while the result is pending, and who
 * hears about progress. Each service applies its own floor and cap on top: a poll interval below
 * the service's documented minimum is refused, not silently used.
 *
 * <pre>{@code
 * WaitOptions options = WaitOptions.builder()
 *         .timeout(Duration.ofMinutes(3))
 *         .pollInterval(Duration.ofSeconds(3))
 *         .maxRequests(40)
 *         .build();
 * }</pre>
 */
public final class WaitOptions {
    private static final WaitOptions DEFAULTS = builder().build();

    private final Duration timeout;
    private final Instant deadline;
    private final Duration pollInterval;
    private final Integer maxRequests;
    private final Integer maxConsecutiveFailures;
    private final WaitListener listener;

    private WaitOptions(Builder b) {
        this.timeout = b.timeout;
        this.deadline = b.deadline;
        this.pollInterval = b.pollInterval;
        this.maxRequests = b.maxRequests;
        this.maxConsecutiveFailures = b.maxConsecutiveFailures;
        this.listener = b.listener;
    }

    /** The service's defaults: wait until the session ends, at the service's interval. */
    public static WaitOptions defaults() {
        return DEFAULTS;
    }

    /** A builder with the service's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** How long the wait may last at most, from its start. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** The instant the wait gives up at the latest. */
    public Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    /** The interval between request starts while the result is pending, instead of the service's. */
    public Optional<Duration> pollInterval() {
        return Optional.ofNullable(pollInterval);
    }

    /** The most requests this wait may make. */
    public OptionalInt maxRequests() {
        return maxRequests == null ? OptionalInt.empty() : OptionalInt.of(maxRequests);
    }

    /** How many transient failures in a row the wait rides out, when not the default of 5. */
    public OptionalInt maxConsecutiveFailures() {
        return maxConsecutiveFailures == null ? OptionalInt.empty() : OptionalInt.of(maxConsecutiveFailures);
    }

    /** Who hears about progress, when someone does. */
    public Optional<WaitListener> listener() {
        return Optional.ofNullable(listener);
    }

    /** Builds {@link WaitOptions}; every setter checks its value at once. */
    public static final class Builder {
        private Duration timeout;
        private Instant deadline;
        private Duration pollInterval;
        private Integer maxRequests;
        private Integer maxConsecutiveFailures;
        private WaitListener listener;

        private Builder() {}

        /** Gives up this long after the wait starts; positive. */
        public Builder timeout(Duration value) {
            this.timeout = Require.positive("timeout", value);
            return this;
        }

        /** Gives up at this instant. */
        public Builder deadline(Instant value) {
            this.deadline = Require.present("deadline", value);
            return this;
        }

        /** The interval between request starts while pending; at least the service's minimum. */
        public Builder pollInterval(Duration value) {
            this.pollInterval = Require.positive("pollInterval", value);
            return this;
        }

        /** The most requests this wait may make, at least 1. */
        public Builder maxRequests(int value) {
            if (value < 1) {
                throw new ValidationException("maxRequests", "must be at least 1 (was " + value + ")");
            }
            this.maxRequests = value;
            return this;
        }

        /**
         * How many transient failures in a row (no response, a 5xx, a malformed answer, a rate
         * limit, a 408) the wait rides out, backing off between them: the next one ends the wait
         * with that failure. 0 to 1,000; 5 by default. A success in between starts the count again.
         * (Stream opens of an SSE wait follow {@code StreamSettings} before it falls back to long-polls.)
         */
        public Builder maxConsecutiveFailures(int value) {
            this.maxConsecutiveFailures = Require.between("maxConsecutiveFailures", value, 0, 1_000);
            return this;
        }

        /** Who hears about progress. */
        public Builder listener(WaitListener value) {
            this.listener = Require.present("listener", value);
            return this;
        }

        /** The options. */
        public WaitOptions build() {
            return new WaitOptions(this);
        }
    }
}
