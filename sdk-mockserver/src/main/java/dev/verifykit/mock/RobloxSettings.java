package dev.verifykit.mock;

import dev.verifykit.mock.internal.settings.Check;
import dev.verifykit.mock.internal.settings.FlagType;
import dev.verifykit.mock.internal.settings.Setting;
import dev.verifykit.mock.internal.settings.SettingValues;
import java.time.Duration;

/**
 * The guardrails, secrets and wire-format switches of the mock's Roblox code-verification RPC.
 * Every limit defaults to the documented value of the real service, so a test only shrinks what it
 * needs to.
 *
 * <pre>{@code
 * RobloxSettings roblox = RobloxSettings.builder()
 *     .sessionLifetime(Duration.ofSeconds(5))
 *     .checkLimit(3)
 *     .superjson(true)
 *     .build();
 * MockServer server = MockServer.start(MockSettings.builder().roblox(roblox).build());
 * }</pre>
 */
public final class RobloxSettings extends SettingsObject {

    static final Setting<Duration> SESSION_LIFETIME = Setting.duration("sessionLifetime", Duration.ofMinutes(10))
            .check(Check.POSITIVE).flag("--roblox-session-lifetime", "how long a verification session and its code live");
    static final Setting<Integer> CHECK_LIMIT = Setting.count("checkLimit", 60)
            .flag("--roblox-check-limit", "checkVerification calls per session per window");
    static final Setting<Duration> CHECK_WINDOW = Setting.duration("checkWindow", Duration.ofSeconds(60))
            .check(Check.POSITIVE).flag("--roblox-check-window", "sliding window of the check limit");
    static final Setting<Integer> COMPLETE_LIMIT = Setting.count("completeLimit", 20)
            .flag("--roblox-complete-limit", "completeVerification calls per Roblox user per window");
    static final Setting<Duration> COMPLETE_WINDOW = Setting.duration("completeWindow", Duration.ofSeconds(60))
            .check(Check.POSITIVE).flag("--roblox-complete-window", "sliding window of the complete limit");
    static final Setting<Integer> REFRESH_LIMIT = Setting.count("refreshLimit", 4)
            .flag("--roblox-refresh-limit", "refresh calls per Roblox user per window");
    static final Setting<Duration> REFRESH_WINDOW = Setting.duration("refreshWindow", Duration.ofHours(1))
            .check(Check.POSITIVE).flag("--roblox-refresh-window", "sliding window of the refresh limit");
    static final Setting<Duration> JWT_LIFETIME = Setting.duration("jwtLifetime", Duration.ofHours(1)).check(Check.POSITIVE)
            .check(Check.WHOLE_SECONDS).flag("--roblox-jwt-lifetime", "validity of issued JWTs, whole seconds");
    static final Setting<String> JWT_SECRET = Setting.of("jwtSecret", "verifykit-mock-jwt-secret", FlagType.TEXT)
            .check(Check.NOT_EMPTY).secret().flag("--roblox-jwt-secret", "HS256 key of issued JWTs");
    static final Setting<String> VERIFICATION_SECRET = Setting.key("verificationSecret", "rbx_test_secret").secret()
            .flag("--roblox-verification-secret", "the game server's x-verification-secret");
    static final Setting<Long> PLACE_ID = Setting.of("placeId", 9876543210L, FlagType.whole(1, Long.MAX_VALUE))
            .check(Check.POSITIVE_LONG).flag("--roblox-place-id", "the place id returned by beginVerification");
    static final Setting<Boolean> LEGACY_COMPLETE_OUTPUT = Setting.bool("legacyCompleteOutput", false)
            .flag("--roblox-legacy-complete-output", "completeVerification answers the bare true");
    static final Setting<Boolean> SUPERJSON = Setting.bool("superjson", false)
            .flag("--roblox-superjson", "superjson envelope {\"json\": ...} for inputs and outputs");
    static final Setting<Boolean> PRODUCTION_MODE = Setting.bool("productionMode", false)
            .flag("--roblox-production-mode", "true leaves data.stack out of errors");
    static final Setting<Boolean> FORCE_HEX_CODES = Setting.bool("forceHexCodes", false)
            .flag("--roblox-force-hex-codes", "every code is the 8-character hex fallback");

    static final SettingValues DEFAULTS = SettingValues.defaults("RobloxSettings", SESSION_LIFETIME, CHECK_LIMIT,
            CHECK_WINDOW, COMPLETE_LIMIT, COMPLETE_WINDOW, REFRESH_LIMIT, REFRESH_WINDOW, JWT_LIFETIME, JWT_SECRET,
            VERIFICATION_SECRET, PLACE_ID, LEGACY_COMPLETE_OUTPUT, SUPERJSON, PRODUCTION_MODE, FORCE_HEX_CODES);

    private RobloxSettings(SettingValues values) {
        super(values);
    }

    /** The documented limits, the default test secrets, the current wire format, errors with a stack (as the real server sends them). */
    public static RobloxSettings defaults() {
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

    /** How long a verification session (and its code) lives after {@code beginVerification}; default 10 minutes. */
    public Duration sessionLifetime() { return values.get(SESSION_LIFETIME); }

    /** {@code checkVerification} calls allowed per session within {@link #checkWindow()}; default 60. */
    public int checkLimit() { return values.get(CHECK_LIMIT); }

    /** The sliding window of {@link #checkLimit()}; default 60 seconds. */
    public Duration checkWindow() { return values.get(CHECK_WINDOW); }

    /** {@code completeVerification} calls allowed per Roblox user within {@link #completeWindow()}; default 20. */
    public int completeLimit() { return values.get(COMPLETE_LIMIT); }

    /** The sliding window of {@link #completeLimit()}; default 60 seconds. */
    public Duration completeWindow() { return values.get(COMPLETE_WINDOW); }

    /** {@code refresh} calls allowed per Roblox user within {@link #refreshWindow()}; default 4. */
    public int refreshLimit() { return values.get(REFRESH_LIMIT); }

    /** The sliding window of {@link #refreshLimit()}; default 1 hour. */
    public Duration refreshWindow() { return values.get(REFRESH_WINDOW); }

    /** How long an issued JWT is valid ({@code exp - iat}, whole seconds); default 1 hour. */
    public Duration jwtLifetime() { return values.get(JWT_LIFETIME); }

    /** The HS256 key of issued JWTs (UTF-8 bytes); default {@code verifykit-mock-jwt-secret}. */
    public String jwtSecret() { return values.get(JWT_SECRET); }

    /** The {@code x-verification-secret} a game server sends; default {@code rbx_test_secret}. */
    public String verificationSecret() { return values.get(VERIFICATION_SECRET); }

    /** The Roblox place where codes are entered, returned by {@code beginVerification} as a string of digits; default 9876543210. */
    public long placeId() { return values.get(PLACE_ID); }

    /** Whether {@code completeVerification} answers the legacy bare {@code true} instead of {@code {"ok":true}}; default false. */
    public boolean legacyCompleteOutput() { return values.get(LEGACY_COMPLETE_OUTPUT); }

    /** Whether inputs and outputs use the superjson envelope {@code {"json": …}}; default false. */
    public boolean superjson() { return values.get(SUPERJSON); }

    /**
     * Whether errors leave out {@code data.stack}; default false, so every error carries a fake Node stack
     * trace, as the real server (not run in production mode) sends one.
     */
    public boolean productionMode() { return values.get(PRODUCTION_MODE); }

    /** Whether every new code is treated as colliding, so all codes are the 8-character hex fallback; default false. */
    public boolean forceHexCodes() { return values.get(FORCE_HEX_CODES); }


    /**
     * Builds {@link RobloxSettings}; every setter rejects values the mock cannot honour (non-positive
     * durations and counts, blank secrets).
     *
     * <pre>{@code
     * RobloxSettings roblox = RobloxSettings.builder().legacyCompleteOutput(true).build();
     * }</pre>
     */
    public static final class Builder extends SettingsObject.Builder<Builder> {
        Builder(SettingValues values) {
            super(values);
        }

        /** Sets {@link RobloxSettings#sessionLifetime()}; must be positive. */
        public Builder sessionLifetime(Duration value) { return set(SESSION_LIFETIME, value); }

        /** Sets {@link RobloxSettings#checkLimit()}; must be positive. */
        public Builder checkLimit(int value) { return set(CHECK_LIMIT, value); }

        /** Sets {@link RobloxSettings#checkWindow()}; must be positive. */
        public Builder checkWindow(Duration value) { return set(CHECK_WINDOW, value); }

        /** Sets {@link RobloxSettings#completeLimit()}; must be positive. */
        public Builder completeLimit(int value) { return set(COMPLETE_LIMIT, value); }

        /** Sets {@link RobloxSettings#completeWindow()}; must be positive. */
        public Builder completeWindow(Duration value) { return set(COMPLETE_WINDOW, value); }

        /** Sets {@link RobloxSettings#refreshLimit()}; must be positive. */
        public Builder refreshLimit(int value) { return set(REFRESH_LIMIT, value); }

        /** Sets {@link RobloxSettings#refreshWindow()}; must be positive. */
        public Builder refreshWindow(Duration value) { return set(REFRESH_WINDOW, value); }

        /** Sets {@link RobloxSettings#jwtLifetime()}; at least one second, whole seconds. */
        public Builder jwtLifetime(Duration value) { return set(JWT_LIFETIME, value); }

        /** Sets {@link RobloxSettings#jwtSecret()}; must not be empty. */
        public Builder jwtSecret(String value) { return set(JWT_SECRET, value); }

        /** Sets {@link RobloxSettings#verificationSecret()}; printable ASCII without spaces (it is a header value). */
        public Builder verificationSecret(String value) { return set(VERIFICATION_SECRET, value); }

        /** Sets {@link RobloxSettings#placeId()}; must be positive. */
        public Builder placeId(long value) { return set(PLACE_ID, value); }

        /** Sets {@link RobloxSettings#legacyCompleteOutput()}. */
        public Builder legacyCompleteOutput(boolean value) { return set(LEGACY_COMPLETE_OUTPUT, value); }

        /** Sets {@link RobloxSettings#superjson()}. */
        public Builder superjson(boolean value) { return set(SUPERJSON, value); }

        /** Sets {@link RobloxSettings#productionMode()}. */
        public Builder productionMode(boolean value) { return set(PRODUCTION_MODE, value); }

        /** Sets {@link RobloxSettings#forceHexCodes()}. */
        public Builder forceHexCodes(boolean value) { return set(FORCE_HEX_CODES, value); }

        /** The settings. */
        public RobloxSettings build() {
            return new RobloxSettings(values);
        }
    }
}
