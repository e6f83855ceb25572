package dev.verifykit.http.internal;

import java.util.Objects;

/** A credential that never shows itself in {@code toString()}, logs or messages. */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "secret"));
    }

    /** The value, for the one place that sends it. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "[REDACTED]";
    }
}
