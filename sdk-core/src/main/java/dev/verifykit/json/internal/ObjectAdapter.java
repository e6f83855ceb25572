package dev.verifykit.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads a JSON object into a public model's builder, one declared field at a time, and keeps every
 * field it does not declare in the model's additional properties, so that a field a service adds
 * stays readable and nothing fails. A JSON {@code null} leaves a field unset. The model's
 * {@code build()} checks the required fields (its exception becomes a malformed answer).
 *
 * <pre>{@code
 * static final JsonAdapter<LinkResult> LINK = ObjectAdapter.of(LinkResult::builder, LinkResult.Builder::build,
 *         LinkResult.Builder::additionalProperties)
 *     .field("discordId", Values.STRING, LinkResult.Builder::discordId)
 *     .field("linkVersion", Values.INT, LinkResult.Builder::linkVersion)
 *     .adapter();
 * }</pre>
 *
 * @param <B> the model's builder
 * @param <T> the model
 */
public final class ObjectAdapter<B, T> extends JsonAdapter<T> {
    private static final Values.Reader<Void> SKIP = reader -> {
        reader.skipValue();
        return null;
    };

    private final Supplier<B> newBuilder;
    private final Function<B, T> build;
    private final BiConsumer<B, Map<String, Object>> additional;
    private final List<Field<B, ?>> fields;
    private final JsonReader.Options names;

    private ObjectAdapter(Schema<B, T> schema) {
        this.newBuilder = schema.newBuilder;
        this.build = schema.build;
        this.additional = schema.additional;
        this.fields = List.copyOf(schema.fields);
        this.names = JsonReader.Options.of(fields.stream().map(Field::name).toArray(String[]::new));
    }

    /** Starts a schema: how to make a builder, build the model, and hand it the fields it does not declare. */
    public static <B, T> Schema<B, T> of(Supplier<B> newBuilder, Function<B, T> build,
            BiConsumer<B, Map<String, Object>> additional) {
        return new Schema<>(newBuilder, build, additional);
    }

    /**
     * This adapter, skipping one more field: one the caller has read already (the tag of a union,
     * such as a webhook's {@code event}), which is neither set nor kept as an additional property.
     */
    public ObjectAdapter<B, T> ignoring(String name) {
        Schema<B, T> schema = new Schema<>(newBuilder, build, additional);
        schema.fields.addAll(fields);
        return schema.field(name, SKIP, (builder, value) -> {}).adapter();
    }

    @Override
    public T fromJson(JsonReader reader) throws IOException {
        if (reader.peek() == JsonReader.Token.NULL) {
            return reader.nextNull();
        }
        B builder = newBuilder.get();
        Map<String, Object> unknown = null;
        reader.beginObject();
        while (reader.hasNext()) {
            int index = reader.selectName(names);
            if (index < 0) {
                String name = reader.nextName();
                if (unknown == null) {
                    unknown = new LinkedHashMap<>();
                }
                unknown.put(name, reader.readJsonValue());
            } else if (reader.peek() == JsonReader.Token.NULL) {
                reader.nextNull();
            } else {
                fields.get(index).read(reader, builder);
            }
        }
        reader.endObject();
        if (unknown != null) {
            additional.accept(builder, unknown);
        }
        return build.apply(builder);
    }

    /** Models are read, never written, by the SDK. */
    @Override
    public void toJson(JsonWriter writer, T value) {
        throw new UnsupportedOperationException("VerifyKit's models are read from JSON, not written");
    }

    /** The fields of one model. */
    public static final class Schema<B, T> {
        private final Supplier<B> newBuilder;
        private final Function<B, T> build;
        private final BiConsumer<B, Map<String, Object>> additional;
        private final List<Field<B, ?>> fields = new ArrayList<>();

        private Schema(Supplier<B> newBuilder, Function<B, T> build, BiConsumer<B, Map<String, Object>> additional) {
            this.newBuilder = newBuilder;
            this.build = build;
            this.additional = additional;
        }

        /** A field: its JSON name, how its value is read, and the builder setter that takes it. */
        public <V> Schema<B, T> field(String name, Values.Reader<V> value, BiConsumer<B, V> setter) {
            fields.add(new Field<>(name, value, setter));
            return this;
        }

        /** The adapter; null-safe (a JSON {@code null} reads as {@code null}). */
        public ObjectAdapter<B, T> adapter() {
            return new ObjectAdapter<>(this);
        }
    }

    private record Field<B, V>(String name, Values.Reader<V> value, BiConsumer<B, V> setter) {
        void read(JsonReader reader, B builder) throws IOException {
            setter.accept(builder, value.read(reader));
        }
    }
}
