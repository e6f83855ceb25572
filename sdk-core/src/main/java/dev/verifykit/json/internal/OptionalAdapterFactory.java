package dev.verifykit.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Optional} components: JSON {@code null} reads as empty. An absent field arrives as
 * {@code null}, which the model's constructor turns into empty.
 */
final class OptionalAdapterFactory implements JsonAdapter.Factory {
    @Override
    public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
        if (Types.getRawType(type) != Optional.class || !(type instanceof ParameterizedType parameterized)) {
            return null;
        }
        JsonAdapter<Object> inner = moshi.adapter(parameterized.getActualTypeArguments()[0], annotations);
        return new JsonAdapter<Optional<Object>>() {
            @Override
            public Optional<Object> fromJson(JsonReader reader) throws IOException {
                if (reader.peek() == JsonReader.Token.NULL) {
                    reader.nextNull();
                    return Optional.empty();
                }
                return Optional.ofNullable(inner.fromJson(reader));
            }

            @Override
            public void toJson(JsonWriter writer, Optional<Object> value) throws IOException {
                if (value == null || value.isEmpty()) {
                    writer.nullValue();
                } else {
                    inner.toJson(writer, value.get());
                }
            }
        };
    }
}
