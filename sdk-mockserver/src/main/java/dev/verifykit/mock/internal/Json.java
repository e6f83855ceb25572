package dev.verifykit.mock.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes JSON as plain maps, lists, strings, numbers, booleans and nulls; every shape the
 * mock sends is built with {@link #object} and written with {@link #write}.
 */
public final class Json {

    private static final JsonAdapter<Object> ADAPTER = new Moshi.Builder().build().adapter(Object.class);
    private static final JsonAdapter<Object> WRITER = ADAPTER.serializeNulls();

    private Json() {
    }

    /** The value of {@code text}, or empty when it is not exactly one JSON document. */
    public static Optional<Object> parse(String text) {
        try {
            return Optional.ofNullable(ADAPTER.fromJson(text));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code text} as a JSON object, or empty when it is not one. */
    public static Optional<Map<?, ?>> parseObject(String text) {
        return parse(text).filter(Map.class::isInstance).map(o -> (Map<?, ?>) o);
    }

    /**
     * A JSON object with these members, in this order: {@code object("id", id, "status", status)}.
     * A value may be null (written as {@code null}); the map may be added to.
     */
    public static Map<String, Object> object(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return out;
    }

    /** Compact JSON for {@code value}, nulls included. */
    public static String write(Object value) {
        return WRITER.toJson(value);
    }
}
