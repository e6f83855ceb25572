package dev.verifykit.http.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values of an answer with the client's own secrets masked ({@link Redactor#reflectedMasked}):
 * a server that reflects a request's {@code Authorization} into a field (a debugging gateway, a
 * misconfigured proxy) does not hand the key to whatever shows the value (a relay to browsers).
 * Each method answers its argument itself when it holds no secret, so the usual answer costs one
 * look at each string and no copy.
 */
public final class ReflectedSecrets {
    private ReflectedSecrets() {}

    /** {@code text} masked; {@code null} stays {@code null}. */
    public static String text(Redactor redactor, String text) {
        return text == null ? null : redactor.reflectedMasked(text);
    }

    /** {@code text} masked. */
    public static Optional<String> text(Redactor redactor, Optional<String> text) {
        if (text.isEmpty()) {
            return text;
        }
        String masked = redactor.reflectedMasked(text.get());
        return masked == text.get() ? text : Optional.of(masked);
    }

    /**
     * Unknown fields kept as JSON trees ({@code JsonTree}), their names and string values masked
     * through nested objects and lists; a copy only when something was masked.
     */
    @SuppressWarnings("unchecked") // a name masked is still a string
    public static Map<String, Object> properties(Redactor redactor, Map<String, Object> properties) {
        return (Map<String, Object>) mapMasked(redactor, properties, true);
    }

    /**
     * A map whose names are a server's text (a liveness section's checks, a raw response's headers):
     * its names masked, its values kept as they are; a copy only when something was masked.
     */
    @SuppressWarnings("unchecked") // the values are kept as they are
    public static <V> Map<String, V> names(Redactor redactor, Map<String, V> map) {
        return (Map<String, V>) mapMasked(redactor, map, false);
    }

    private static Object value(Redactor redactor, Object value) {
        if (value instanceof String text) {
            return redactor.reflectedMasked(text);
        }
        if (value instanceof Map<?, ?> map) {
            return mapMasked(redactor, map, true);
        }
        if (value instanceof List<?> list) {
            return listMasked(redactor, list);
        }
        return value; // a number, a boolean or null
    }

    /**
     * The map itself, or an unmodifiable copy in its order (of a {@code LinkedHashMap}, as {@code JsonTree} reads one):
     * its names masked, and its {@code values} when asked.
     */
    private static Map<?, ?> mapMasked(Redactor redactor, Map<?, ?> map, boolean values) {
        Map<Object, Object> copy = null;
        int index = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object name = value(redactor, entry.getKey());
            Object value = values ? value(redactor, entry.getValue()) : entry.getValue();
            if (copy == null && (name != entry.getKey() || value != entry.getValue())) {
                copy = new LinkedHashMap<>();
                for (Map.Entry<?, ?> before : map.entrySet()) {
                    if (copy.size() == index) {
                        break;
                    }
                    copy.put(before.getKey(), before.getValue());
                }
            }
            if (copy != null) {
                copy.putIfAbsent(name, value); // two names masked alike: the first is kept
            }
            index++;
        }
        return copy == null ? map : Collections.unmodifiableMap(copy); // a model's, as JsonTree's own
    }

    /** The list itself, or an unmodifiable copy (as {@code JsonTree} reads one). */
    private static List<?> listMasked(Redactor redactor, List<?> list) {
        List<Object> copy = null;
        int index = 0;
        for (Object item : list) {
            Object masked = value(redactor, item);
            if (copy == null && masked != item) {
                copy = new ArrayList<>(list.subList(0, index));
            }
            if (copy != null) {
                copy.add(masked);
            }
            index++;
        }
        return copy == null ? list : Collections.unmodifiableList(copy);
    }
}
