package dev.verifykit.json;

import com.squareup.moshi.Json;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A value of an enumeration that a service may extend: {@link #value()} is the matching constant
 * of {@code E}, or {@code E.UNKNOWN} for a value this SDK does not know yet, and {@link #raw()} is
 * always the string the service sent, so nothing is lost and nothing fails.
 *
 * <p>{@code E} must declare a constant named {@code UNKNOWN}. A constant's wire name is its
 * {@link Json#name()} when annotated, else its name in lower case.
 *
 * <pre>{@code
 * switch (session.status().value()) {
 *     case COMPLETED -> store(session.result().orElseThrow());
 *     case EXPIRED -> restart();
 *     case PENDING -> keepWaiting();
 *     case UNKNOWN -> log.warn("new status {}", session.status().raw());
 * }
 * }</pre>
 *
 * @param <E> the enumeration
 * @param value the known constant, or {@code UNKNOWN}
 * @param raw the string as the service sent it
 */
public record OpenEnum<E extends Enum<E>>(E value, String raw) {
    private static final ClassValue<Map<String, Enum<?>>> BY_WIRE_NAME = new ClassValue<>() {
        @Override
        protected Map<String, Enum<?>> computeValue(Class<?> type) {
            Map<String, Enum<?>> byName = new HashMap<>();
            for (Object constant : type.getEnumConstants()) {
                Enum<?> e = (Enum<?>) constant;
                byName.put(wireName(e), e);
            }
            return Map.copyOf(byName);
        }
    };

    /** Checks both parts are present. */
    public OpenEnum {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(raw, "raw");
    }

    /** The value for a string the service sent; {@code UNKNOWN} keeps it when it matches no constant. */
    public static <E extends Enum<E>> OpenEnum<E> of(Class<E> type, String raw) {
        Objects.requireNonNull(raw, "raw");
        Enum<?> known = BY_WIRE_NAME.get(type).get(raw);
        E value = known != null ? type.cast(known) : unknownOf(type);
        return new OpenEnum<>(value, raw);
    }

    /** The value of a known constant, with its wire name as the raw string. */
    public static <E extends Enum<E>> OpenEnum<E> known(E value) {
        return new OpenEnum<>(value, wireName(value));
    }

    /** Whether the value is {@code candidate}. */
    public boolean is(E candidate) {
        return value == candidate && isKnown();
    }

    /** Whether the service sent a value this SDK knows. */
    public boolean isKnown() {
        return !value.name().equals("UNKNOWN");
    }

    /** The raw string. */
    @Override
    public String toString() {
        return raw;
    }

    private static String wireName(Enum<?> constant) {
        try {
            Json annotation = constant.getDeclaringClass().getField(constant.name()).getAnnotation(Json.class);
            if (annotation != null) {
                return annotation.name();
            }
        } catch (NoSuchFieldException impossible) {
            throw new IllegalStateException(impossible);
        }
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> E unknownOf(Class<E> type) {
        try {
            return Enum.valueOf(type, "UNKNOWN");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(type.getName() + " has no UNKNOWN constant", e);
        }
    }
}
