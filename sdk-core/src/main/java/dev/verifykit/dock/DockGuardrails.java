package dev.verifykit.dock;

import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Require;
import java.time.Duration;

/**
 * Dock's documented limits, which the client keeps on its own side so that it never meets a
 * refusal. The defaults are the documented values; change them only to match a service
 * configured differently (the mock server with shrunk guardrails, in tests).
 *
 * <table>
 * <caption>Defaults</caption>
 * <tr><th>guardrail</th><th>default</th></tr>
 * <tr><td>session lifetime</td><td>5 minutes</td></tr>
 * <tr><td>create burst / refill</td><td>6 sessions / 1 every 10 s</td></tr>
 * <tr><td>minimum poll interval</td><td>2 s between read starts</td></tr>
 * <tr><td>maximum long-poll wait</td><td>25 s</td></tr>
 * <tr><td>stream maximum / keep-alive</td><td>30 s / 10 s</td></tr>
 * <tr><td>poll cap</td><td>60 (free), 150 (premium)</td></tr>
 * </table>
 *
 * <pre>{@code
 * DockGuardrails shrunk = DockGuardrails.builder()
 *         .sessionLifetime(Duration.ofSeconds(3))
 *         .minPollInterval(Duration.ofMillis(50))
 *         .build();
 * }</pre>
 */
public final class DockGuardrails {
    private static final DockGuardrails DEFAULTS = builder().build();

    private final Duration sessionLifetime;
    private final int createBurst;
    private final Duration createRefill;
    private final Duration minPollInterval;
    private final Duration maxWait;
    private final Duration streamMaxDuration;
    private final Duration keepAlive;
    private final int freePollCap;
    private final int premiumPollCap;

    private DockGuardrails(Builder b) {
        this.sessionLifetime = b.sessionLifetime;
        this.createBurst = b.createBurst;
        this.createRefill = b.createRefill;
        this.minPollInterval = b.minPollInterval;
        this.maxWait = b.maxWait;
        this.streamMaxDuration = b.streamMaxDuration;
        this.keepAlive = b.keepAlive;
        this.freePollCap = b.freePollCap;
        this.premiumPollCap = b.premiumPollCap;
    }

    /** The documented values. */
    public static DockGuardrails defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the documented values. */
    public static Builder builder() {
        return new Builder();
    }

    /** How long a session stays pending at most. */
    public Duration sessionLifetime() {
        return sessionLifetime;
    }

    /** Creates allowed at once per API key. */
    public int createBurst() {
        return createBurst;
    }

    /** How often one create token is added back. */
    public Duration createRefill() {
        return createRefill;
    }

    /** The least time between the arrivals at the service of two reads (or stream opens) of one session. */
    public Duration minPollInterval() {
        return minPollInterval;
    }

    /** The longest a long-poll may be held ({@code ?wait=}). */
    public Duration maxWait() {
        return maxWait;
    }

    /** The longest the service keeps a stream open. */
    public Duration streamMaxDuration() {
        return streamMaxDuration;
    }

    /** How often the service sends a keep-alive comment on a stream. */
    public Duration keepAlive() {
        return keepAlive;
    }

    /** Reads per session on a plan. */
    public int pollCap(DockPlan plan) {
        return plan == DockPlan.PREMIUM ? premiumPollCap : freePollCap;
    }

    /** Builds {@link DockGuardrails}; every setter checks its value at once. */
    public static final class Builder {
        private Duration sessionLifetime = Duration.ofMinutes(5);
        private int createBurst = 6;
        private Duration createRefill = Duration.ofSeconds(10);
        private Duration minPollInterval = Duration.ofSeconds(2);
        private Duration maxWait = Duration.ofSeconds(25);
        private Duration streamMaxDuration = Duration.ofSeconds(30);
        private Duration keepAlive = Duration.ofSeconds(10);
        private int freePollCap = 60;
        private int premiumPollCap = 150;

        private Builder() {}

        /** Session lifetime; positive. */
        public Builder sessionLifetime(Duration value) {
            this.sessionLifetime = Require.positive("sessionLifetime", value);
            return this;
        }

        /** Creates allowed at once, 1 to 1000. */
        public Builder createBurst(int value) {
            this.createBurst = Require.between("createBurst", value, 1, 1000);
            return this;
        }

        /** Time to add back one create token; positive. */
        public Builder createRefill(Duration value) {
            this.createRefill = Require.positive("createRefill", value);
            return this;
        }

        /** Least time between read starts of one session; positive. */
        public Builder minPollInterval(Duration value) {
            this.minPollInterval = Require.positive("minPollInterval", value);
            return this;
        }

        /** Longest long-poll hold, in whole seconds. */
        public Builder maxWait(Duration value) {
            Require.positive("maxWait", value);
            if (value.toMillis() % 1000 != 0) {
                throw new ValidationException("maxWait", "must be whole seconds (the service takes ?wait= in seconds)");
            }
            this.maxWait = value;
            return this;
        }

        /** Longest stream; positive. */
        public Builder streamMaxDuration(Duration value) {
            this.streamMaxDuration = Require.positive("streamMaxDuration", value);
            return this;
        }

        /** Keep-alive period of streams; positive. */
        public Builder keepAlive(Duration value) {
            this.keepAlive = Require.positive("keepAlive", value);
            return this;
        }

        /** Reads per session on the free plan, at least 1. */
        public Builder freePollCap(int value) {
            this.freePollCap = Require.between("freePollCap", value, 1, 1_000_000);
            return this;
        }

        /** Reads per session on the premium plan, at least 1. */
        public Builder premiumPollCap(int value) {
            this.premiumPollCap = Require.between("premiumPollCap", value, 1, 1_000_000);
            return this;
        }

        /** The guardrails. */
        public DockGuardrails build() {
            return new DockGuardrails(this);
        }
    }
}
