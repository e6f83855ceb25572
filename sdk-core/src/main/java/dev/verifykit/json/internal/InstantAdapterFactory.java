package dev.verifykit.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Set;

/**
 * {@link Instant} as ISO-8601 text ({@link Values#ISO_INSTANT}). An adapter, not {@code @FromJson}
 * methods: Moshi calls those reflectively, on every value.
 */
final class InstantAdapterFactory implements JsonAdapter.Factory {
    private static final JsonAdapter<Instant> ISO = new JsonAdapter<Instant>() {
        @Override
        public Instant fromJson(JsonReader reader) throws IOException {
            return Values.ISO_INSTANT.read(reader);
        }

        @Override
        public void toJson(JsonWriter writer, Instant value) throws IOException {
            writer.value(value.toString());
        }
    }.nullSafe();

    @Override
    public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
        return type == Instant.class && annotations.isEmpty() ? ISO : null;
    }
}
