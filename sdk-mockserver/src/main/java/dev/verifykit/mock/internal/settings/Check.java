package dev.verifykit.mock.internal.settings;

import java.time.Duration;
import java.util.Objects;

/**
 * A rule a value must follow: returns the value to keep (the same one, or a normalised copy) or
 * throws an {@link IllegalArgumentException} naming the value. The static methods are the rules the
 * mock's settings and faults share, usable directly or as method references.
 *
 * @param <T> the type of value checked
 */
@FunctionalInterface
public interface Check<T> {

    T apply(String name, T value);

    // The settings' checks, values of one class (Rule) rather than a method reference each: each
    // would link a class of its own when the settings load (the mock's first start in a JVM).

    /** {@link #positive(String, Duration)}: more than zero, at most {@link Durations#LONGEST}. */
    Check<Duration> POSITIVE = new Rule<>(Rule.Kind.POSITIVE_DURATION);
    /** {@link #notNegative(String, Duration)}: zero or more, at most {@link Durations#LONGEST}. */
    Check<Duration> NOT_NEGATIVE = new Rule<>(Rule.Kind.NOT_NEGATIVE_DURATION);
    /** {@link #wholeSeconds(String, Duration)}. */
    Check<Duration> WHOLE_SECONDS = new Rule<>(Rule.Kind.WHOLE_SECONDS);
    /** {@link #httpTimeout(String, Duration)}: 1 ms to {@code Integer.MAX_VALUE} ms. */
    Check<Duration> HTTP_TIMEOUT = new Rule<>(Rule.Kind.HTTP_TIMEOUT);
    /** {@link #positive(String, int)}. */
    Check<Integer> POSITIVE_INT = new Rule<>(Rule.Kind.POSITIVE_NUMBER);
    /** {@link #positive(String, long)}. */
    Check<Long> POSITIVE_LONG = new Rule<>(Rule.Kind.POSITIVE_NUMBER);
    /** {@link #printable(String, String)}. */
    Check<String> PRINTABLE = new Rule<>(Rule.Kind.PRINTABLE);
    /** {@link #notEmpty(String, String)}. */
    Check<String> NOT_EMPTY = new Rule<>(Rule.Kind.NOT_EMPTY);
    /** {@link #notBlank(String, String)}. */
    Check<String> NOT_BLANK = new Rule<>(Rule.Kind.NOT_BLANK);

    /** {@link #atLeast(String, int, int)} with {@code min}. */
    static Check<Integer> atLeast(int min) {
        return new Rule<>(Rule.Kind.AT_LEAST, min, 0);
    }

    /** {@link #between(String, int, int, int)} with {@code min} and {@code max}. */
    static Check<Integer> between(int min, int max) {
        return new Rule<>(Rule.Kind.BETWEEN, min, max);
    }

    static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return notTooLong(name, value);
    }

    static Duration notNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
        return notTooLong(name, value);
    }

    /**
     * At most {@link Durations#LONGEST}, as flags are: a longer one ({@code ChronoUnit.FOREVER}'s, for
     * "keep for good") overflowed the instants it is added to, and every answer that added it was a 500.
     */
    private static Duration notTooLong(String name, Duration value) {
        if (value.compareTo(Durations.LONGEST) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + Durations.LONGEST.getSeconds() + "s: " + value);
        }
        return value;
    }

    static Duration wholeSeconds(String name, Duration value) {
        if (value.getNano() != 0) {
            throw new IllegalArgumentException(name + " must be whole seconds: " + value);
        }
        return value;
    }

    /**
     * From 1 ms to {@code Integer.MAX_VALUE} ms (about 24.8 days), the timeouts an OkHttp client takes (in
     * whole milliseconds; a shorter one is none at all, a longer one refused when the client is built).
     */
    static Duration httpTimeout(String name, Duration value) {
        if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(name + " must be 1 ms to " + Integer.MAX_VALUE
                    + " ms (about 24.8 days), the timeouts OkHttp takes: " + value);
        }
        return value;
    }

    static int positive(String name, int value) {
        return (int) positive(name, (long) value);
    }

    static long positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }

    static int atLeast(String name, int value, int min) {
        return (int) atLeast(name, (long) value, min);
    }

    static long atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
        }
        return value;
    }

    static int between(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + " to " + max + ": " + value);
        }
        return value;
    }

    /**
     * Printable ASCII without spaces, as an API key or a secret sent in a header must be. The message
     * names the first character refused and where it is, never the value, which may be a secret.
     */
    static String printable(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must be printable ASCII without spaces (it is empty)");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException(name + " must be printable ASCII without spaces (found "
                        + kind(c) + " at index " + i + ")");
            }
        }
        return value;
    }

    private static String kind(char c) {
        if (c == ' ') {
            return "a space";
        }
        return c > 0x7f ? "a non-ASCII character" : String.format("a control character (U+%04X)", (int) c);
    }

    static String notEmpty(String name, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    static String notBlank(String name, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
