package dev.verifykit.internal;

import dev.verifykit.error.ValidationException;
import java.time.Duration;

/** Argument checks that fail with a {@link ValidationException} naming the field and the rule. */
public final class Require {
    private Require() {}

    public static Duration positive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ValidationException(field, "must be a positive duration");
        }
        return value;
    }

    public static int between(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ValidationException(field, "must be between " + min + " and " + max + " (was " + value + ")");
        }
        return value;
    }

    public static <T> T present(String field, T value) {
        if (value == null) {
            throw new ValidationException(field, "must not be null");
        }
        return value;
    }

    /**
     * A value sent in an HTTP header or used as a key (an API key, a secret): printable ASCII only,
     * {@code U+0020} to {@code U+007E}. The rule names the kind and place of the first character
     * refused, never the value, which is usually a secret.
     */
    public static String headerSafe(String field, String value) {
        present(field, value);
        String problem = headerProblem(value);
        if (problem != null) {
            throw new ValidationException(field, "must contain only printable ASCII characters (found " + problem + ")");
        }
        return value;
    }

    /**
     * What keeps a value out of an HTTP header, e.g. {@code "a line feed (LF) at index 3"}, without
     * quoting the value; {@code null} when it is printable ASCII.
     */
    public static String headerProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return controlName(c) + " at index " + i;
            }
            if (c > 0x7e) {
                return "a non-ASCII character at index " + i;
            }
        }
        return null;
    }

    private static String controlName(char c) {
        return switch (c) {
            case '\r' -> "a carriage return (CR)";
            case '\n' -> "a line feed (LF)";
            case 0 -> "a NUL character";
            case '\t' -> "a tab";
            default -> String.format("a control character (U+%04X)", (int) c);
        };
    }

    /** A duration that is zero or positive. */
    public static Duration notNegative(String field, Duration value) {
        if (value == null || value.isNegative()) {
            throw new ValidationException(field, "must be zero or a positive duration");
        }
        return value;
    }

    /**
     * A credential sent in a header (an API key, a secret): required, not blank, and printable ASCII
     * (see {@link #headerSafe}); trimmed. The rule never quotes the value.
     */
    public static String credential(String field, String value) {
        if (value == null) {
            throw new ValidationException(field, "is required");
        }
        return headerSafe(field, notBlank(field, value));
    }

    /** Trimmed text, refused when null or blank. */
    public static String notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, "must not be blank");
        }
        return value.trim();
    }
}
