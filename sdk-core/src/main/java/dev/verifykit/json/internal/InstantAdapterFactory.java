package dev.verifykit.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.verifykit.json.EpochMillis;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

/**
 * {@link Instant} as ISO-8601 text, and as epoch milliseconds where {@link EpochMillis} says so.
 * Adapters, not {@code @FromJson} methods: Moshi calls those reflectively, on every value.
 */
final class InstantAdapterFactory implements JsonAdapter.Factory {
    private static final JsonAdapter<Instant> ISO = new JsonAdapter<Instant>() {
        @Override
        public Instant fromJson(JsonReader reader) throws IOException {
            Instant instant = IsoInstants.parse(reader.nextString());
            if (instant == null) {
                throw new JsonDataException("not an ISO-8601 instant at " + reader.getPath());
            }
            return instant;
        }

        @Override
        public void toJson(JsonWriter writer, Instant value) throws IOException {
            writer.value(value.toString());
        }
    }.nullSafe();

    private static final JsonAdapter<Instant> EPOCH_MILLIS = new JsonAdapter<Instant>() {
        @Override
        public Instant fromJson(JsonReader reader) throws IOException {
            String number = reader.nextString();
            try {
                return Instant.ofEpochMilli(new BigDecimal(number).longValueExact());
            } catch (NumberFormatException | ArithmeticException e) {
                throw new JsonDataException("not epoch milliseconds at " + reader.getPath());
            }
        }

        @Override
        public void toJson(JsonWriter writer, Instant value) throws IOException {
            writer.value(value.toEpochMilli());
        }
    }.nullSafe();

    @Override
    public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
        if (type != Instant.class) {
            return null;
        }
        if (annotations.isEmpty()) {
            return ISO;
        }
        Set<? extends Annotation> others = Types.nextAnnotations(annotations, EpochMillis.class);
        return others != null && others.isEmpty() ? EPOCH_MILLIS : null;
    }
}
