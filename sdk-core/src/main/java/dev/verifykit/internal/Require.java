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

    /** Trimmed text, refused when null or blank. */
    public static String notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, "must not be blank");
        }
        return value.trim();
    }
}
