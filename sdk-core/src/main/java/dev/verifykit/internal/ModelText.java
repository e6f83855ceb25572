package dev.verifykit.internal;

import java.util.Optional;

/**
 * The {@code toString()} of a model that holds a server's text (a session, a user): its fields as
 * Immutables prints them ({@code DockSession{id=…, status=…}}, a {@code null} or empty field left
 * out, an {@code Optional} unwrapped), with the text escaped as every message shows a server's text
 * ({@link Escapes#escaped}: controls, line and paragraph separators, bidirectional overrides as
 * <code>&#92;uXXXX</code>), so that an application logging the model cannot have its log line
 * forged or its terminal driven by what the server sent. The fields keep the text as it came.
 */
public final class ModelText {
    /** What a field marked {@code @Value.Redacted} shows. */
    public static final String REDACTED = "[REDACTED]";

    private ModelText() {}

    /**
     * {@code type{name=value, …}} of the names and values given in turn, escaped.
     *
     * @param namesAndValues each field's name, then its value: {@code null} or an empty
     *     {@code Optional} leaves the field out
     */
    public static String of(String type, Object... namesAndValues) {
        StringBuilder text = new StringBuilder(type).append('{');
        boolean first = true;
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value instanceof Optional<?> optional) {
                value = optional.orElse(null);
            }
            if (value == null) {
                continue;
            }
            if (!first) {
                text.append(", ");
            }
            first = false;
            text.append(namesAndValues[i]).append('=').append(value);
        }
        // once for the whole text: a nested model's text, escaped already, stays as it is (an escape is no control)
        return Escapes.escaped(text.append('}').toString());
    }
}
