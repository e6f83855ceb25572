package dev.verifykit.mock;

import java.time.Duration;
import java.util.Objects;

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
public final class RobloxSettings {

    private final Duration sessionLifetime;
    private final int checkLimit;
    private final Duration checkWindow;
    private final int completeLimit;
    private final Duration completeWindow;
    private final int refreshLimit;
    private final Duration refreshWindow;
    private final Duration jwtLifetime;
    private final String jwtSecret;
    private final String verificationSecret;
    private final long placeId;
    private final boolean legacyCompleteOutput;
    private final boolean superjson;
    private final boolean productionMode;
    private final boolean forceHexCodes;

    private RobloxSettings(Builder b) {
        this.sessionLifetime = b.sessionLifetime;
        this.checkLimit = b.checkLimit;
        this.checkWindow = b.checkWindow;
        this.completeLimit = b.completeLimit;
        this.completeWindow = b.completeWindow;
        this.refreshLimit = b.refreshLimit;
        this.refreshWindow = b.refreshWindow;
        this.jwtLifetime = b.jwtLifetime;
        this.jwtSecret = b.jwtSecret;
        this.verificationSecret = b.verificationSecret;
        this.placeId = b.placeId;
        this.legacyCompleteOutput = b.legacyCompleteOutput;
        this.superjson = b.superjson;
        this.productionMode = b.productionMode;
        this.forceHexCodes = b.forceHexCodes;
    }

    /** The documented limits, the default test secrets, the current wire format, errors with a stack (as the real server sends them). */
    public static RobloxSettings defaults() {
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

    /** How long a verification session (and its code) lives after {@code beginVerification}; default 10 minutes. */
    public Duration sessionLifetime() { return sessionLifetime; }

    /** {@code checkVerification} calls allowed per session within {@link #checkWindow()}; default 60. */
    public int checkLimit() { return checkLimit; }

    /** The sliding window of {@link #checkLimit()}; default 60 seconds. */
    public Duration checkWindow() { return checkWindow; }

    /** {@code completeVerification} calls allowed per Roblox user within {@link #completeWindow()}; default 20. */
    public int completeLimit() { return completeLimit; }

    /** The sliding window of {@link #completeLimit()}; default 60 seconds. */
    public Duration completeWindow() { return completeWindow; }

    /** {@code refresh} calls allowed per Roblox user within {@link #refreshWindow()}; default 4. */
    public int refreshLimit() { return refreshLimit; }

    /** The sliding window of {@link #refreshLimit()}; default 1 hour. */
    public Duration refreshWindow() { return refreshWindow; }

    /** How long an issued JWT is valid ({@code exp - iat}, whole seconds); default 1 hour. */
    public Duration jwtLifetime() { return jwtLifetime; }

    /** The HS256 key of issued JWTs (UTF-8 bytes); default {@code verifykit-mock-jwt-secret}. */
    public String jwtSecret() { return jwtSecret; }

    /** The {@code x-verification-secret} a game server sends; default {@code rbx_test_secret}. */
    public String verificationSecret() { return verificationSecret; }

    /** The Roblox place where codes are entered, returned by {@code beginVerification} as a string of digits; default 9876543210. */
    public long placeId() { return placeId; }

    /** Whether {@code completeVerification} answers the legacy bare {@code true} instead of {@code {"ok":true}}; default false. */
    public boolean legacyCompleteOutput() { return legacyCompleteOutput; }

    /** Whether inputs and outputs use the superjson envelope {@code {"json": …}}; default false. */
    public boolean superjson() { return superjson; }

    /**
     * Whether errors leave out {@code data.stack}; default false, so every error carries a fake Node stack
     * trace, as the real server (not run in production mode) sends one.
     */
    public boolean productionMode() { return productionMode; }

    /** Whether every new code is treated as colliding, so all codes are the 8-character hex fallback; default false. */
    public boolean forceHexCodes() { return forceHexCodes; }

    @Override
    public String toString() {
        return "RobloxSettings{sessionLifetime=" + sessionLifetime + ", checkLimit=" + checkLimit
                + ", checkWindow=" + checkWindow + ", completeLimit=" + completeLimit
                + ", completeWindow=" + completeWindow + ", refreshLimit=" + refreshLimit
                + ", refreshWindow=" + refreshWindow + ", jwtLifetime=" + jwtLifetime + ", placeId=" + placeId
                + ", legacyCompleteOutput=" + legacyCompleteOutput + ", superjson=" + superjson
                + ", productionMode=" + productionMode + ", forceHexCodes=" + forceHexCodes + "}";
    }

    /**
     * Builds {@link RobloxSettings}; every setter rejects values the mock cannot honour (non-positive
     * durations and counts, blank secrets).
     *
     * <pre>{@code
     * RobloxSettings roblox = RobloxSettings.builder().legacyCompleteOutput(true).build();
     * }</pre>
     */
    public static final class Builder {
        private Duration sessionLifetime = Duration.ofMinutes(10);
        private int checkLimit = 60;
        private Duration checkWindow = Duration.ofSeconds(60);
        private int completeLimit = 20;
        private Duration completeWindow = Duration.ofSeconds(60);
        private int refreshLimit = 4;
        private Duration refreshWindow = Duration.ofHours(1);
        private Duration jwtLifetime = Duration.ofHours(1);
        private String jwtSecret = "verifykit-mock-jwt-secret";
        private String verificationSecret = "rbx_test_secret";
        private long placeId = 9876543210L;
        private boolean legacyCompleteOutput;
        private boolean superjson;
        private boolean productionMode;
        private boolean forceHexCodes;

        private Builder() {
        }

        private Builder(RobloxSettings s) {
            sessionLifetime = s.sessionLifetime;
            checkLimit = s.checkLimit;
            checkWindow = s.checkWindow;
            completeLimit = s.completeLimit;
            completeWindow = s.completeWindow;
            refreshLimit = s.refreshLimit;
            refreshWindow = s.refreshWindow;
            jwtLifetime = s.jwtLifetime;
            jwtSecret = s.jwtSecret;
            verificationSecret = s.verificationSecret;
            placeId = s.placeId;
            legacyCompleteOutput = s.legacyCompleteOutput;
            superjson = s.superjson;
            productionMode = s.productionMode;
            forceHexCodes = s.forceHexCodes;
        }

        /** Sets {@link RobloxSettings#sessionLifetime()}; must be positive. */
        public Builder sessionLifetime(Duration value) { sessionLifetime = positive("sessionLifetime", value); return this; }

        /** Sets {@link RobloxSettings#checkLimit()}; must be positive. */
        public Builder checkLimit(int value) { checkLimit = positive("checkLimit", value); return this; }

        /** Sets {@link RobloxSettings#checkWindow()}; must be positive. */
        public Builder checkWindow(Duration value) { checkWindow = positive("checkWindow", value); return this; }

        /** Sets {@link RobloxSettings#completeLimit()}; must be positive. */
        public Builder completeLimit(int value) { completeLimit = positive("completeLimit", value); return this; }

        /** Sets {@link RobloxSettings#completeWindow()}; must be positive. */
        public Builder completeWindow(Duration value) { completeWindow = positive("completeWindow", value); return this; }

        /** Sets {@link RobloxSettings#refreshLimit()}; must be positive. */
        public Builder refreshLimit(int value) { refreshLimit = positive("refreshLimit", value); return this; }

        /** Sets {@link RobloxSettings#refreshWindow()}; must be positive. */
        public Builder refreshWindow(Duration value) { refreshWindow = positive("refreshWindow", value); return this; }

        /** Sets {@link RobloxSettings#jwtLifetime()}; at least one second, whole seconds. */
        public Builder jwtLifetime(Duration value) {
            positive("jwtLifetime", value);
            if (value.getNano() != 0) {
                throw new IllegalArgumentException("jwtLifetime must be whole seconds: " + value);
            }
            jwtLifetime = value;
            return this;
        }

        /** Sets {@link RobloxSettings#jwtSecret()}; must not be empty. */
        public Builder jwtSecret(String value) {
            Objects.requireNonNull(value, "jwtSecret");
            if (value.isEmpty()) {
                throw new IllegalArgumentException("jwtSecret must not be empty");
            }
            jwtSecret = value;
            return this;
        }

        /** Sets {@link RobloxSettings#verificationSecret()}; printable ASCII without spaces (it is a header value). */
        public Builder verificationSecret(String value) {
            Objects.requireNonNull(value, "verificationSecret");
            if (value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("verificationSecret must be printable ASCII without spaces: "
                        + value);
            }
            verificationSecret = value;
            return this;
        }

        /** Sets {@link RobloxSettings#placeId()}; must be positive. */
        public Builder placeId(long value) {
            if (value <= 0) {
                throw new IllegalArgumentException("placeId must be positive: " + value);
            }
            placeId = value;
            return this;
        }

        /** Sets {@link RobloxSettings#legacyCompleteOutput()}. */
        public Builder legacyCompleteOutput(boolean value) { legacyCompleteOutput = value; return this; }

        /** Sets {@link RobloxSettings#superjson()}. */
        public Builder superjson(boolean value) { superjson = value; return this; }

        /** Sets {@link RobloxSettings#productionMode()}. */
        public Builder productionMode(boolean value) { productionMode = value; return this; }

        /** Sets {@link RobloxSettings#forceHexCodes()}. */
        public Builder forceHexCodes(boolean value) { forceHexCodes = value; return this; }

        /** The settings. */
        public RobloxSettings build() {
            return new RobloxSettings(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        private static int positive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
