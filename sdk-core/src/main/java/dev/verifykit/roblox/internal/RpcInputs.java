package dev.verifykit.roblox.internal;

import dev.verifykit.error.ValidationException;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.internal.CallOptions;
import dev.verifykit.internal.Require;
import java.util.Locale;
import java.util.regex.Pattern;

/** The server's input schemas (zod 4), checked before anything is sent. */
public final class RpcInputs {
    /** zod 4's {@code uuid()}: letters in either case, except the max UUID, which is lower case only. */
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}"
                    + "|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private RpcInputs() {}

    /**
     * A session id: an RFC 9562 UUID (version 1–8, variant 10xx), or the nil or the lower-case max
     * UUID; sent in lower case. The server issues its ids in lower case ({@code crypto.randomUUID})
     * and looks them up exactly, so an id a store gave back in upper case would be an unknown
     * session, answered {@code expired}, even right after the game completed it.
     */
    public static String sessionId(String value) {
        if (value == null || !UUID.matcher(value).matches()) {
            throw new ValidationException("sessionId", "must be a UUID (as beginVerification returns it)");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /**
     * A code as the user typed it: trimmed as JavaScript's {@code String.prototype.trim} does, then 6
     * to 12 UTF-16 code units (JavaScript's {@code length}), its full-width forms (U+FF01 to U+FF5E,
     * as an East Asian input method types {@code ９Ｆ３}) read as their ASCII and its ASCII letters
     * upper-cased: the server's codes are digits or upper-case hex, which it matches exactly, so
     * {@code 9f3ac21b} or {@code ９ｆ３ａｃ２１ｂ} typed for {@code 9F3AC21B} would otherwise be
     * refused as unknown. A control character left once trimmed (a NUL, an ESC, a DEL, a C1 control)
     * is refused, naming its place, not the code: no code the server issues holds one, so it would
     * answer "Invalid or expired verification code" for a code that reads as the right one in a log.
     */
    public static String code(String value) {
        if (value == null) {
            throw new ValidationException("code", "is required");
        }
        String trimmed = JavaScriptTrim.trim(value);
        if (trimmed.length() < 6 || trimmed.length() > 12) {
            throw new ValidationException("code", "must be 6 to 12 characters once trimmed (was " + trimmed.length() + ")");
        }
        Require.wellFormed("code", trimmed);
        for (int i = 0; i < trimmed.length(); i++) {
            if (Character.isISOControl(trimmed.charAt(i))) {
                throw new ValidationException("code",
                        "must not contain a control character (character " + (i + 1) + " is one)");
            }
        }
        char[] code = trimmed.toCharArray();
        for (int i = 0; i < code.length; i++) {
            if (code[i] >= '\uFF01' && code[i] <= '\uFF5E') {
                code[i] -= 0xFEE0; // a full-width form, as an East Asian IME types it: its ASCII
            }
            if (code[i] >= 'a' && code[i] <= 'z') {
                code[i] -= 'a' - 'A';
            }
        }
        return new String(code);
    }

    /** The caller's options for a procedure: an idempotency key means nothing to the RPC. */
    public static RequestOptions options(RequestOptions options) {
        return options("options", options);
    }

    /** The same for options given as the argument {@code field} (a wait's {@code requestOptions}). */
    public static RequestOptions options(String field, RequestOptions options) {
        return CallOptions.withoutIdempotencyKey(field, options,
                "is not understood by the RPC server, which has no idempotent procedures");
    }

    /** A Roblox user id: digits only. */
    public static String robloxUserId(String value) {
        if (value == null || !DIGITS.matcher(value).matches()) {
            throw new ValidationException("robloxUserId", "must be digits only, e.g. \"156319135\"");
        }
        return value;
    }

    /**
     * A JWT to refresh: its shape only, since the server takes any token it signed, expired or
     * without {@code exp} (it needs its {@code robloxUserId}, and checks the signature itself).
     */
    public static String jwt(String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException("jwt", "is required");
        }
        try {
            Jwts.claims(value);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("jwt", e.getMessage());
        }
        return value;
    }
}
