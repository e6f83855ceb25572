package dev.verifykit.mock.internal.settings;

import java.time.Duration;

/**
 * The checks the settings share, as values of this one class: a lambda or method reference per
 * check would be a class of its own, spun when the settings classes load (a JVM's first in-process
 * start of the mock included). Each delegates to the static method of {@link Check} it is named after.
 *
 * @param <T> the type of value checked
 */
final class Rule<T> implements Check<T> {

    enum Kind { POSITIVE_DURATION, NOT_NEGATIVE_DURATION, WHOLE_SECONDS, HTTP_TIMEOUT, POSITIVE_NUMBER, AT_LEAST, BETWEEN,
        PRINTABLE, NOT_EMPTY, NOT_BLANK }

    private final Kind kind;
    private final int min;
    private final int max;

    Rule(Kind kind, int min, int max) {
        this.kind = kind;
        this.min = min;
        this.max = max;
    }

    Rule(Kind kind) {
        this(kind, 0, 0);
    }

    @Override
    public T apply(String name, T value) {
        switch (kind) {
            case POSITIVE_DURATION -> Check.positive(name, (Duration) value);
            case NOT_NEGATIVE_DURATION -> Check.notNegative(name, (Duration) value);
            case WHOLE_SECONDS -> Check.wholeSeconds(name, (Duration) value);
            case HTTP_TIMEOUT -> Check.httpTimeout(name, (Duration) value);
            case POSITIVE_NUMBER -> Check.positive(name, ((Number) value).longValue());
            case AT_LEAST -> Check.atLeast(name, (Integer) value, min);
            case BETWEEN -> Check.between(name, (Integer) value, min, max);
            case PRINTABLE -> Check.printable(name, (String) value);
            case NOT_EMPTY -> Check.notEmpty(name, (String) value);
            case NOT_BLANK -> Check.notBlank(name, (String) value);
        }
        return value;
    }
}
