package dev.verifykit.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every public model does the same way: its additional properties, and its text. */
public final class Models {
    private Models() {}

    /** An unmodifiable copy, in order, of fields a model does not declare ({@code null} values kept). */
    public static Map<String, Object> properties(Map<String, ?> values) {
        return values == null || values.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * {@code Type[name=value, …]} with the additional properties last when there are any; a value
     * that must not be shown is passed already masked by the model.
     */
    public static String text(String type, Map<String, Object> additionalProperties, Object... namesAndValues) {
        StringBuilder text = new StringBuilder(type).append('[');
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(namesAndValues[i]).append('=').append(namesAndValues[i + 1]);
        }
        if (!additionalProperties.isEmpty()) {
            text.append(namesAndValues.length > 0 ? ", " : "").append("additionalProperties=")
                    .append(additionalProperties.keySet());
        }
        return text.append(']').toString();
    }
}
