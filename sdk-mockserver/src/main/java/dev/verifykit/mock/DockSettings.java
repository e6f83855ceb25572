package dev.verifykit.mock;

import java.time.Duration;
import java.util.Objects;

/**
 * The guardrails and test credentials of the mock's Dock service. Every value defaults to the
 * documented limit of the real service, so a test only shrinks what it needs to.
 *
 * <pre>{@code
 * DockSettings dock = DockSettings.builder()
 *     .sessionLifetime(Duration.ofSeconds(2))
 *     .minPollInterval(Duration.ZERO)
 *     .build();
 * MockServer server = MockServer.start(MockSettings.builder().dock(dock).build());
 * }</pre>
 */
public final class DockSettings {

    private final Duration sessionLifetime;
    private final int createBurst;
    private final Duration createRefill;
    private final Duration minPollInterval;
    private final Duration maxWait;
    private final Duration streamMaxDuration;
    private final Duration keepAlive;
    private final Duration streamRetry;
    private final int freePollCap;
    private final int premiumPollCap;
    private final Duration terminalRetention;
    private final Duration idempotencyTtl;
    private final int freeDailyLimit;
    private final int premiumDailyLimit;
    private final String freeApiKey;
    private final String freePid;
    private final String premiumApiKey;
    private final String premiumPid;

    private DockSettings(Builder b) {
        this.sessionLifetime = b.sessionLifetime;
        this.createBurst = b.createBurst;
        this.createRefill = b.createRefill;
        this.minPollInterval = b.minPollInterval;
        this.maxWait = b.maxWait;
        this.streamMaxDuration = b.streamMaxDuration;
        this.keepAlive = b.keepAlive;
        this.streamRetry = b.streamRetry;
        this.freePollCap = b.freePollCap;
        this.premiumPollCap = b.premiumPollCap;
        this.terminalRetention = b.terminalRetention;
        this.idempotencyTtl = b.idempotencyTtl;
        this.freeDailyLimit = b.freeDailyLimit;
        this.premiumDailyLimit = b.premiumDailyLimit;
        this.freeApiKey = b.freeApiKey;
        this.freePid = b.freePid;
        this.premiumApiKey = b.premiumApiKey;
        this.premiumPid = b.premiumPid;
    }

    /** The documented limits and the default test credentials. */
    public static DockSettings defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** How long a session stays pending before it expires; default 5 minutes. */
    public Duration sessionLifetime() { return sessionLifetime; }

    /** Tokens in a full create bucket (per API key); default 6. */
    public int createBurst() { return createBurst; }

    /** Time to refill one create token; default 10 seconds. */
    public Duration createRefill() { return createRefill; }

    /** Minimum time between the starts of two reads of one session; default 2 seconds. */
    public Duration minPollInterval() { return minPollInterval; }

    /** Largest accepted {@code wait} of a long-poll, in whole seconds; default 25 seconds. */
    public Duration maxWait() { return maxWait; }

    /** How long a session stream stays open at most; default 30 seconds. */
    public Duration streamMaxDuration() { return streamMaxDuration; }

    /** Silence after which a stream sends a {@code : keep-alive} comment; default 10 seconds. */
    public Duration keepAlive() { return keepAlive; }

    /** The reconnection delay announced by a stream's {@code retry:} line; default 2 seconds. */
    public Duration streamRetry() { return streamRetry; }

    /** Reads allowed per session on the free plan; default 60. */
    public int freePollCap() { return freePollCap; }

    /** Reads allowed per session on the premium plan; default 150. */
    public int premiumPollCap() { return premiumPollCap; }

    /** How long a session keeps answering after it ended; default 1 hour. */
    public Duration terminalRetention() { return terminalRetention; }

    /** How long an {@code Idempotency-Key} is remembered; default 24 hours. */
    public Duration idempotencyTtl() { return idempotencyTtl; }

    /** Verification-session calls per UTC day on the free plan; default 2000. */
    public int freeDailyLimit() { return freeDailyLimit; }

    /** Verification-session calls per UTC day on the premium plan; default 10000. */
    public int premiumDailyLimit() { return premiumDailyLimit; }

    /** The free plan's API key; default {@code dock_test_free}. */
    public String freeApiKey() { return freeApiKey; }

    /** The pid owned by the free key; default {@code PID-FREE0001}. */
    public String freePid() { return freePid; }

    /** The premium plan's API key; default {@code dock_test_premium}. */
    public String premiumApiKey() { return premiumApiKey; }

    /** The pid owned by the premium key; default {@code PID-PREM0001}. */
    public String premiumPid() { return premiumPid; }

    @Override
    public String toString() {
        return "DockSettings{sessionLifetime=" + sessionLifetime + ", createBurst=" + createBurst
                + ", createRefill=" + createRefill + ", minPollInterval=" + minPollInterval
                + ", maxWait=" + maxWait + ", streamMaxDuration=" + streamMaxDuration
                + ", keepAlive=" + keepAlive + ", streamRetry=" + streamRetry
                + ", freePollCap=" + freePollCap + ", premiumPollCap=" + premiumPollCap
                + ", terminalRetention=" + terminalRetention + ", idempotencyTtl=" + idempotencyTtl
                + ", freeDailyLimit=" + freeDailyLimit + ", premiumDailyLimit=" + premiumDailyLimit
                + ", freePid=" + freePid + ", premiumPid=" + premiumPid + "}";
    }

    /**
     * Builds {@link DockSettings}; every setter rejects values the mock cannot honour
     * (negative durations, non-positive counts, blank credentials).
     *
     * <pre>{@code
     * DockSettings dock = DockSettings.builder().freePollCap(3).build();
     * }</pre>
     */
    public static final class Builder {
        private Duration sessionLifetime = Duration.ofMinutes(5);
        private int createBurst = 6;
        private Duration createRefill = Duration.ofSeconds(10);
        private Duration minPollInterval = Duration.ofSeconds(2);
        private Duration maxWait = Duration.ofSeconds(25);
        private Duration streamMaxDuration = Duration.ofSeconds(30);
        private Duration keepAlive = Duration.ofSeconds(10);
        private Duration streamRetry = Duration.ofSeconds(2);
        private int freePollCap = 60;
        private int premiumPollCap = 150;
        private Duration terminalRetention = Duration.ofHours(1);
        private Duration idempotencyTtl = Duration.ofHours(24);
        private int freeDailyLimit = 2000;
        private int premiumDailyLimit = 10000;
        private String freeApiKey = "dock_test_free";
        private String freePid = "PID-FREE0001";
        private String premiumApiKey = "dock_test_premium";
        private String premiumPid = "PID-PREM0001";

        private Builder() {
        }

        private Builder(DockSettings s) {
            sessionLifetime = s.sessionLifetime;
            createBurst = s.createBurst;
            createRefill = s.createRefill;
            minPollInterval = s.minPollInterval;
            maxWait = s.maxWait;
            streamMaxDuration = s.streamMaxDuration;
            keepAlive = s.keepAlive;
            streamRetry = s.streamRetry;
            freePollCap = s.freePollCap;
            premiumPollCap = s.premiumPollCap;
            terminalRetention = s.terminalRetention;
            idempotencyTtl = s.idempotencyTtl;
            freeDailyLimit = s.freeDailyLimit;
            premiumDailyLimit = s.premiumDailyLimit;
            freeApiKey = s.freeApiKey;
            freePid = s.freePid;
            premiumApiKey = s.premiumApiKey;
            premiumPid = s.premiumPid;
        }

        /** Sets {@link DockSettings#sessionLifetime()}; must be positive. */
        public Builder sessionLifetime(Duration value) { sessionLifetime = positive("sessionLifetime", value); return this; }

        /** Sets {@link DockSettings#createBurst()}; must be positive. */
        public Builder createBurst(int value) { createBurst = positive("createBurst", value); return this; }

        /** Sets {@link DockSettings#createRefill()}; must be positive. */
        public Builder createRefill(Duration value) { createRefill = positive("createRefill", value); return this; }

        /** Sets {@link DockSettings#minPollInterval()}; zero turns the guard off. */
        public Builder minPollInterval(Duration value) { minPollInterval = notNegative("minPollInterval", value); return this; }

        /** Sets {@link DockSettings#maxWait()}; must be whole seconds, zero or more. */
        public Builder maxWait(Duration value) {
            notNegative("maxWait", value);
            if (value.getNano() != 0) {
                throw new IllegalArgumentException("maxWait must be whole seconds: " + value);
            }
            maxWait = value;
            return this;
        }

        /** Sets {@link DockSettings#streamMaxDuration()}; must be positive. */
        public Builder streamMaxDuration(Duration value) { streamMaxDuration = positive("streamMaxDuration", value); return this; }

        /** Sets {@link DockSettings#keepAlive()}; must be positive. */
        public Builder keepAlive(Duration value) { keepAlive = positive("keepAlive", value); return this; }

        /** Sets {@link DockSettings#streamRetry()}; zero or more, sent in milliseconds. */
        public Builder streamRetry(Duration value) { streamRetry = notNegative("streamRetry", value); return this; }

        /** Sets {@link DockSettings#freePollCap()}; must be positive. */
        public Builder freePollCap(int value) { freePollCap = positive("freePollCap", value); return this; }

        /** Sets {@link DockSettings#premiumPollCap()}; must be positive. */
        public Builder premiumPollCap(int value) { premiumPollCap = positive("premiumPollCap", value); return this; }

        /** Sets {@link DockSettings#terminalRetention()}; zero or more. */
        public Builder terminalRetention(Duration value) { terminalRetention = notNegative("terminalRetention", value); return this; }

        /** Sets {@link DockSettings#idempotencyTtl()}; must be positive. */
        public Builder idempotencyTtl(Duration value) { idempotencyTtl = positive("idempotencyTtl", value); return this; }

        /** Sets {@link DockSettings#freeDailyLimit()}; must be positive. */
        public Builder freeDailyLimit(int value) { freeDailyLimit = positive("freeDailyLimit", value); return this; }

        /** Sets {@link DockSettings#premiumDailyLimit()}; must be positive. */
        public Builder premiumDailyLimit(int value) { premiumDailyLimit = positive("premiumDailyLimit", value); return this; }

        /** Sets {@link DockSettings#freeApiKey()}. */
        public Builder freeApiKey(String value) { freeApiKey = text("freeApiKey", value); return this; }

        /** Sets {@link DockSettings#freePid()}. */
        public Builder freePid(String value) { freePid = text("freePid", value); return this; }

        /** Sets {@link DockSettings#premiumApiKey()}. */
        public Builder premiumApiKey(String value) { premiumApiKey = text("premiumApiKey", value); return this; }

        /** Sets {@link DockSettings#premiumPid()}. */
        public Builder premiumPid(String value) { premiumPid = text("premiumPid", value); return this; }

        /** The settings; fails when both plans share an API key or a pid. */
        public DockSettings build() {
            if (freeApiKey.equals(premiumApiKey)) {
                throw new IllegalArgumentException("freeApiKey and premiumApiKey must differ");
            }
            if (freePid.equals(premiumPid)) {
                throw new IllegalArgumentException("freePid and premiumPid must differ");
            }
            return new DockSettings(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        private static Duration notNegative(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative: " + value);
            }
            return value;
        }

        private static int positive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        private static String text(String name, String value) {
            Objects.requireNonNull(value, name);
            if (value.isBlank() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException(name + " must be printable ASCII without spaces: " + value);
            }
            return value;
        }
    }
}
