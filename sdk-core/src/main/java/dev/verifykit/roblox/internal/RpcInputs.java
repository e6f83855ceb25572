package dev.verifykit.roblox.internal;

import dev.verifykit.error.ValidationException;
import java.util.regex.Pattern;

/** The server's input schemas, checked before anything is sent. */
public final class RpcInputs {
    private static final Pattern UUID = Pattern.compile(
            "(?i)[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
                    + "|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private RpcInputs() {}

    /** A session id: an RFC 9562 UUID (version 1–8, variant 10xx), or the nil or max UUID. */
    public static String sessionId(String value) {
        if (value == null || !UUID.matcher(value).matches()) {
            throw new ValidationException("sessionId", "must be a UUID (as beginVerification returns it)");
        }
        return value;
    }

    /** A code as the user typed it: trimmed, then 6 to 12 characters. */
    public static String code(String value) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.length() < 6 || trimmed.length() > 12) {
            throw new ValidationException("code", "must be 6 to 12 characters once trimmed (was " + trimmed.length() + ")");
        }
        return trimmed;
    }

    /** A Roblox user id: digits only. */
    public static String robloxUserId(String value) {
        if (value == null || !DIGITS.matcher(value).matches()) {
            throw new ValidationException("robloxUserId", "must be digits only, e.g. \"156319135\"");
        }
        return value;
    }

    /** A JWT as the server issued it. */
    public static String jwt(String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException("jwt", "is required");
        }
        try {
            Jwts.times(value);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("jwt", e.getMessage());
        }
        return value;
    }
}
