package dev.verifykit.mock.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.Optional;

/** Reads and writes JSON as plain maps, lists, strings, numbers, booleans and nulls. */
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

    /** Compact JSON for {@code value}, nulls included. */
    public static String write(Object value) {
        return WRITER.toJson(value);
    }
}
