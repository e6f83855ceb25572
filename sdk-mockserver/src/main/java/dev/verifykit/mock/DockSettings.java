package dev.verifykit.mock;

import dev.verifykit.mock.internal.settings.Check;
import dev.verifykit.mock.internal.settings.Setting;
import dev.verifykit.mock.internal.settings.SettingValues;
import java.time.Duration;

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
public final class DockSettings extends SettingsObject {

    static final Setting<Duration> SESSION_LIFETIME = Setting.duration("sessionLifetime", Duration.ofMinutes(5))
            .check(Check.POSITIVE).flag("--dock-session-lifetime", "how long a session stays pending");
    static final Setting<Integer> CREATE_BURST = Setting.count("createBurst", 6)
            .flag("--dock-create-burst", "create tokens per API key");
    static final Setting<Duration> CREATE_REFILL = Setting.duration("createRefill", Duration.ofSeconds(10))
            .check(Check.POSITIVE).flag("--dock-create-refill", "time to refill one create token");
    static final Setting<Duration> MIN_POLL_INTERVAL = Setting.duration("minPollInterval", Duration.ofSeconds(2))
            .check(Check.NOT_NEGATIVE).flag("--dock-min-poll-interval", "minimum time between reads of a session");
    static final Setting<Duration> MAX_WAIT = Setting.duration("maxWait", Duration.ofSeconds(25)).check(Check.NOT_NEGATIVE)
            .check(Check.WHOLE_SECONDS).flag("--dock-max-wait", "largest long-poll wait, whole seconds");
    static final Setting<Duration> STREAM_MAX_DURATION = Setting.duration("streamMaxDuration", Duration.ofSeconds(30))
            .check(Check.POSITIVE).flag("--dock-stream-max-duration", "longest a stream stays open");
    static final Setting<Duration> KEEP_ALIVE = Setting.duration("keepAlive", Duration.ofSeconds(10))
            .check(Check.POSITIVE).flag("--dock-keep-alive", "keep-alive comment after this much silence");
    static final Setting<Duration> STREAM_RETRY = Setting.duration("streamRetry", Duration.ofSeconds(2))
            .check(Check.NOT_NEGATIVE).flag("--dock-stream-retry", "reconnection delay sent as retry:");
    static final Setting<Integer> FREE_POLL_CAP = Setting.count("freePollCap", 60)
            .flag("--dock-free-poll-cap", "reads per session on the free plan");
    static final Setting<Integer> PREMIUM_POLL_CAP = Setting.count("premiumPollCap", 150)
            .flag("--dock-premium-poll-cap", "reads per session on the premium plan");
    static final Setting<Duration> TERMINAL_RETENTION = Setting.duration("terminalRetention", Duration.ofHours(1))
            .check(Check.NOT_NEGATIVE).flag("--dock-terminal-retention", "how long an ended session keeps answering");
    static final Setting<Duration> IDEMPOTENCY_TTL = Setting.duration("idempotencyTtl", Duration.ofHours(24))
            .check(Check.POSITIVE).flag("--dock-idempotency-ttl", "how long an Idempotency-Key is remembered");
    static final Setting<Integer> FREE_DAILY_LIMIT = Setting.count("freeDailyLimit", 2000)
            .flag("--dock-free-daily-limit", "session calls per UTC day, free plan");
    static final Setting<Integer> PREMIUM_DAILY_LIMIT = Setting.count("premiumDailyLimit", 10000)
            .flag("--dock-premium-daily-limit", "session calls per UTC day, premium plan");
    static final Setting<String> FREE_API_KEY = Setting.key("freeApiKey", "dock_test_free").secret()
            .flag("--dock-free-api-key", "the free plan's API key");
    static final Setting<String> FREE_PID = Setting.key("freePid", "PID-FREE0001")
            .flag("--dock-free-pid", "the pid owned by the free key");
    static final Setting<String> PREMIUM_API_KEY = Setting.key("premiumApiKey", "dock_test_premium").secret()
            .flag("--dock-premium-api-key", "the premium plan's API key");
    static final Setting<String> PREMIUM_PID = Setting.key("premiumPid", "PID-PREM0001")
            .flag("--dock-premium-pid", "the pid owned by the premium key");

    static final SettingValues DEFAULTS = SettingValues.defaults("DockSettings", SESSION_LIFETIME, CREATE_BURST,
            CREATE_REFILL, MIN_POLL_INTERVAL, MAX_WAIT, STREAM_MAX_DURATION, KEEP_ALIVE, STREAM_RETRY, FREE_POLL_CAP,
            PREMIUM_POLL_CAP, TERMINAL_RETENTION, IDEMPOTENCY_TTL, FREE_DAILY_LIMIT, PREMIUM_DAILY_LIMIT, FREE_API_KEY,
            FREE_PID, PREMIUM_API_KEY, PREMIUM_PID);

    private DockSettings(SettingValues values) {
        super(values);
    }

    /** The documented limits and the default test credentials. */
    public static DockSettings defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(values);
    }

    /** How long a session stays pending before it expires; default 5 minutes. */
    public Duration sessionLifetime() { return values.get(SESSION_LIFETIME); }

    /** Tokens in a full create bucket (per API key); default 6. */
    public int createBurst() { return values.get(CREATE_BURST); }

    /** Time to refill one create token; default 10 seconds. */
    public Duration createRefill() { return values.get(CREATE_REFILL); }

    /** Minimum time between the starts of two reads of one session; default 2 seconds. */
    public Duration minPollInterval() { return values.get(MIN_POLL_INTERVAL); }

    /** Largest accepted {@code wait} of a long-poll, in whole seconds; default 25 seconds. */
    public Duration maxWait() { return values.get(MAX_WAIT); }

    /** How long a session stream stays open at most; default 30 seconds. */
    public Duration streamMaxDuration() { return values.get(STREAM_MAX_DURATION); }

    /** Silence after which a stream sends a {@code : keep-alive} comment; default 10 seconds. */
    public Duration keepAlive() { return values.get(KEEP_ALIVE); }

    /** The reconnection delay announced by a stream's {@code retry:} line; default 2 seconds. */
    public Duration streamRetry() { return values.get(STREAM_RETRY); }

    /** Reads allowed per session on the free plan; default 60. */
    public int freePollCap() { return values.get(FREE_POLL_CAP); }

    /** Reads allowed per session on the premium plan; default 150. */
    public int premiumPollCap() { return values.get(PREMIUM_POLL_CAP); }

    /** How long a session keeps answering after it ended; default 1 hour. */
    public Duration terminalRetention() { return values.get(TERMINAL_RETENTION); }

    /** How long an {@code Idempotency-Key} is remembered; default 24 hours. */
    public Duration idempotencyTtl() { return values.get(IDEMPOTENCY_TTL); }

    /** Verification-session calls per UTC day on the free plan; default 2000. */
    public int freeDailyLimit() { return values.get(FREE_DAILY_LIMIT); }

    /** Verification-session calls per UTC day on the premium plan; default 10000. */
    public int premiumDailyLimit() { return values.get(PREMIUM_DAILY_LIMIT); }

    /** The free plan's API key; default {@code dock_test_free}. */
    public String freeApiKey() { return values.get(FREE_API_KEY); }

    /** The pid owned by the free key; default {@code PID-FREE0001}. */
    public String freePid() { return values.get(FREE_PID); }

    /** The premium plan's API key; default {@code dock_test_premium}. */
    public String premiumApiKey() { return values.get(PREMIUM_API_KEY); }

    /** The pid owned by the premium key; default {@code PID-PREM0001}. */
    public String premiumPid() { return values.get(PREMIUM_PID); }


    /**
     * Builds {@link DockSettings}; every setter rejects values the mock cannot honour
     * (negative durations, non-positive counts, blank credentials).
     *
     * <pre>{@code
     * DockSettings dock = DockSettings.builder().freePollCap(3).build();
     * }</pre>
     */
    public static final class Builder extends SettingsObject.Builder<Builder> {
        Builder(SettingValues values) {
            super(values);
        }

        /** Sets {@link DockSettings#sessionLifetime()}; must be positive. */
        public Builder sessionLifetime(Duration value) { return set(SESSION_LIFETIME, value); }

        /** Sets {@link DockSettings#createBurst()}; must be positive. */
        public Builder createBurst(int value) { return set(CREATE_BURST, value); }

        /** Sets {@link DockSettings#createRefill()}; must be positive. */
        public Builder createRefill(Duration value) { return set(CREATE_REFILL, value); }

        /** Sets {@link DockSettings#minPollInterval()}; zero turns the guard off. */
        public Builder minPollInterval(Duration value) { return set(MIN_POLL_INTERVAL, value); }

        /** Sets {@link DockSettings#maxWait()}; must be whole seconds, zero or more. */
        public Builder maxWait(Duration value) { return set(MAX_WAIT, value); }

        /** Sets {@link DockSettings#streamMaxDuration()}; must be positive. */
        public Builder streamMaxDuration(Duration value) { return set(STREAM_MAX_DURATION, value); }

        /** Sets {@link DockSettings#keepAlive()}; must be positive. */
        public Builder keepAlive(Duration value) { return set(KEEP_ALIVE, value); }

        /** Sets {@link DockSettings#streamRetry()}; zero or more, sent in milliseconds. */
        public Builder streamRetry(Duration value) { return set(STREAM_RETRY, value); }

        /** Sets {@link DockSettings#freePollCap()}; must be positive. */
        public Builder freePollCap(int value) { return set(FREE_POLL_CAP, value); }

        /** Sets {@link DockSettings#premiumPollCap()}; must be positive. */
        public Builder premiumPollCap(int value) { return set(PREMIUM_POLL_CAP, value); }

        /** Sets {@link DockSettings#terminalRetention()}; zero or more. */
        public Builder terminalRetention(Duration value) { return set(TERMINAL_RETENTION, value); }

        /** Sets {@link DockSettings#idempotencyTtl()}; must be positive. */
        public Builder idempotencyTtl(Duration value) { return set(IDEMPOTENCY_TTL, value); }

        /** Sets {@link DockSettings#freeDailyLimit()}; must be positive. */
        public Builder freeDailyLimit(int value) { return set(FREE_DAILY_LIMIT, value); }

        /** Sets {@link DockSettings#premiumDailyLimit()}; must be positive. */
        public Builder premiumDailyLimit(int value) { return set(PREMIUM_DAILY_LIMIT, value); }

        /** Sets {@link DockSettings#freeApiKey()}. */
        public Builder freeApiKey(String value) { return set(FREE_API_KEY, value); }

        /** Sets {@link DockSettings#freePid()}. */
        public Builder freePid(String value) { return set(FREE_PID, value); }

        /** Sets {@link DockSettings#premiumApiKey()}. */
        public Builder premiumApiKey(String value) { return set(PREMIUM_API_KEY, value); }

        /** Sets {@link DockSettings#premiumPid()}. */
        public Builder premiumPid(String value) { return set(PREMIUM_PID, value); }

        /** The settings; fails when both plans share an API key or a pid. */
        public DockSettings build() {
            values.requireDistinct(FREE_API_KEY, PREMIUM_API_KEY);
            values.requireDistinct(FREE_PID, PREMIUM_PID);
            return new DockSettings(values);
        }
    }
}
