package dev.verifykit.mock.internal;

import dev.verifykit.mock.RobloxSettings;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/** The standalone server's {@code --roblox-…} flags, one per {@link RobloxSettings} setting. */
final class RobloxFlags {

    private record Flag(String name, String arg, String help, BiConsumer<RobloxSettings.Builder, String> apply) {
    }

    private static final Map<String, Flag> FLAGS = new LinkedHashMap<>();

    static {
        duration("--roblox-session-lifetime", "how long a verification session and its code live (10m)",
                RobloxSettings.Builder::sessionLifetime);
        count("--roblox-check-limit", "checkVerification calls per session per window (60)",
                RobloxSettings.Builder::checkLimit);
        duration("--roblox-check-window", "sliding window of the check limit (60s)", RobloxSettings.Builder::checkWindow);
        count("--roblox-complete-limit", "completeVerification calls per Roblox user per window (20)",
                RobloxSettings.Builder::completeLimit);
        duration("--roblox-complete-window", "sliding window of the complete limit (60s)",
                RobloxSettings.Builder::completeWindow);
        count("--roblox-refresh-limit", "refresh calls per Roblox user per window (4)",
                RobloxSettings.Builder::refreshLimit);
        duration("--roblox-refresh-window", "sliding window of the refresh limit (1h)",
                RobloxSettings.Builder::refreshWindow);
        duration("--roblox-jwt-lifetime", "validity of issued JWTs, whole seconds (1h)",
                RobloxSettings.Builder::jwtLifetime);
        put("--roblox-jwt-secret", "TEXT", "HS256 key of issued JWTs (verifykit-mock-jwt-secret)",
                RobloxSettings.Builder::jwtSecret);
        put("--roblox-verification-secret", "TEXT", "the game server's x-verification-secret (rbx_test_secret)",
                RobloxSettings.Builder::verificationSecret);
        put("--roblox-place-id", "N", "the place id returned by beginVerification (9876543210)",
                (b, v) -> b.placeId(number("--roblox-place-id", v, Long.MAX_VALUE)));
        bool("--roblox-legacy-complete-output", "completeVerification answers the bare true (false)",
                RobloxSettings.Builder::legacyCompleteOutput);
        bool("--roblox-superjson", "superjson envelope {\"json\": ...} for inputs and outputs (false)",
                RobloxSettings.Builder::superjson);
        bool("--roblox-production-mode", "false adds data.stack to every error (true)",
                RobloxSettings.Builder::productionMode);
        bool("--roblox-force-hex-codes", "every code is the 8-character hex fallback (false)",
                RobloxSettings.Builder::forceHexCodes);
    }

    private RobloxFlags() {
    }

    static boolean has(String name) {
        return FLAGS.containsKey(name);
    }

    /**
     * Applies flag {@code name} with {@code value}.
     *
     * @throws IllegalArgumentException with a one-line message naming the flag
     */
    static void apply(RobloxSettings.Builder builder, String name, String value) {
        try {
            FLAGS.get(name).apply.accept(builder, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith(name) ? e.getMessage()
                    : name + ": " + e.getMessage());
        }
    }

    static void usage(StringBuilder out) {
        for (Flag flag : FLAGS.values()) {
            out.append(String.format(Locale.ROOT, "  %-36s %s%n", flag.name + " " + flag.arg, flag.help));
        }
    }

    private static void put(String name, String arg, String help, BiConsumer<RobloxSettings.Builder, String> apply) {
        FLAGS.put(name, new Flag(name, arg, help, apply));
    }

    private static void duration(String name, String help,
                                 BiConsumer<RobloxSettings.Builder, java.time.Duration> setter) {
        put(name, "DURATION", help, (b, v) -> setter.accept(b, CommandLine.duration(name, v)));
    }

    private static void count(String name, String help, BiConsumer<RobloxSettings.Builder, Integer> setter) {
        put(name, "N", help, (b, v) -> setter.accept(b, (int) number(name, v, Integer.MAX_VALUE)));
    }

    private static void bool(String name, String help, BiConsumer<RobloxSettings.Builder, Boolean> setter) {
        put(name, "true|false", help, (b, v) -> {
            String text = v.trim().toLowerCase(Locale.ROOT);
            if (!text.equals("true") && !text.equals("false")) {
                throw new IllegalArgumentException(name + " expects true or false, got '" + printable(v) + "'");
            }
            setter.accept(b, Boolean.parseBoolean(text));
        });
    }

    private static long number(String name, String text, long max) {
        try {
            long n = Long.parseLong(text.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " expects a whole number from 1 to " + max + ", got '"
                + printable(text) + "'");
    }

    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
