package dev.verifykit.dock;

import dev.verifykit.error.ValidationException;
import java.time.Duration;
import java.util.Optional;

/**
 * How session streams behave when the network does not.
 *
 * <pre>{@code
 * StreamSettings settings = StreamSettings.builder()
 *         .maxConsecutiveFailures(5)
 *         .fallbackToLongPoll(false)
 *         .build();
 * }</pre>
 */
public final class StreamSettings {
    private static final StreamSettings DEFAULTS = builder().build();

    private final int maxConsecutiveFailures;
    private final boolean fallbackToLongPoll;
    private final Duration readTimeout;

    private StreamSettings(Builder b) {
        this.maxConsecutiveFailures = b.maxConsecutiveFailures;
        this.fallbackToLongPoll = b.fallbackToLongPoll;
        this.readTimeout = b.readTimeout;
    }

    /** Three failed opens in a row before falling back to long-polls; read timeout twice the keep-alive. */
    public static StreamSettings defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Failed opens or broken streams in a row after which streaming is given up (default 3). */
    public int maxConsecutiveFailures() {
        return maxConsecutiveFailures;
    }

    /** Whether a wait whose streaming keeps failing goes on with long-polls (default) or fails. */
    public boolean fallbackToLongPoll() {
        return fallbackToLongPoll;
    }

    /**
     * How long a stream may stay silent (no event, no keep-alive) before it is taken for dead and
     * reopened; empty means twice the keep-alive period of the client's guardrails (20 s).
     */
    public Optional<Duration> readTimeout() {
        return Optional.ofNullable(readTimeout);
    }

    /** Builds {@link StreamSettings}; every setter checks its value at once. */
    public static final class Builder {
        private int maxConsecutiveFailures = 3;
        private boolean fallbackToLongPoll = true;
        private Duration readTimeout;

        private Builder() {}

        /** Failures in a row before streaming is given up, 1 to 100. */
        public Builder maxConsecutiveFailures(int value) {
            if (value < 1 || value > 100) {
                throw new ValidationException("maxConsecutiveFailures", "must be from 1 to 100 (was " + value + ")");
            }
            this.maxConsecutiveFailures = value;
            return this;
        }

        /** Whether to go on with long-polls when streaming keeps failing. */
        public Builder fallbackToLongPoll(boolean value) {
            this.fallbackToLongPoll = value;
            return this;
        }

        /** Silence after which a stream is taken for dead; positive, and longer than the keep-alive period. */
        public Builder readTimeout(Duration value) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new ValidationException("readTimeout", "must be a positive duration");
            }
            this.readTimeout = value;
            return this;
        }

        /** The settings. */
        public StreamSettings build() {
            return new StreamSettings(this);
        }
    }
}
