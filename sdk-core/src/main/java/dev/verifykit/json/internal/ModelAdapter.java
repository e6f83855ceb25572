package dev.verifykit.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a JSON object into a public model's builder, and keeps every field the model does not
 * declare in its additional properties, so that a field a service adds stays readable and nothing
 * fails. A JSON {@code null} leaves a field unset. The model's {@code build()} checks the required
 * fields (its exception becomes a malformed answer).
 *
 * <p>A model's adapter names its fields and sets each one in a {@code switch} on the field's place
 * in the names, the shape of Moshi's generated adapters: one class per model, where a lambda per
 * field would cost a JVM's first read about twice as much (each lambda is a class spun at run time).
 *
 * <pre>{@code
 * static final ModelAdapter<LinkResult.Builder, LinkResult> LINK = new ModelAdapter<>("discordId", "linkVersion") {
 *     protected LinkResult.Builder newBuilder() { return LinkResult.builder(); }
 *     protected void read(int field, JsonReader in, LinkResult.Builder link) throws IOException {
 *         switch (field) {
 *             case 0 -> link.discordId(Values.text(in));
 *             case 1 -> link.linkVersion(Values.wholeInt(in));
 *             default -> throw noSuchField(field);
 *         }
 *     }
 *     protected LinkResult build(LinkResult.Builder link, Map<String, Object> additional) {
 *         return link.additionalProperties(additional).build();
 *     }
 * };
 * }</pre>
 *
 * @param <B> the model's builder
 * @param <T> the model
 */
public abstract class ModelAdapter<B, T> extends JsonAdapter<T> {
    private final String[] names;
    /** How many of the names are the model's fields; the rest are skipped ({@link #ignoring}). */
    private final int fields;
    private final JsonReader.Options options;

    /** @param names the JSON names of the model's fields, in the order {@link #read} numbers them */
    protected ModelAdapter(String... names) {
        this(names.clone(), names.length);
    }

    private ModelAdapter(String[] names, int fields) {
        this.names = names;
        this.fields = fields;
        this.options = JsonReader.Options.of(names);
    }

    /** A new builder for one object. */
    protected abstract B newBuilder();

    /**
     * Reads the value of field {@code field} (its place in the names given to the constructor),
     * which is not {@code null}, into {@code builder}.
     */
    protected abstract void read(int field, JsonReader reader, B builder) throws IOException;

    /**
     * The model: {@code builder} given the fields it does not declare ({@code additional}, empty
     * when there are none), then built.
     */
    protected abstract T build(B builder, Map<String, Object> additional);

    /** What {@link #read} throws for a place that has no field: a names list and a switch that disagree. */
    protected static IllegalStateException noSuchField(int field) {
        return new IllegalStateException("the adapter names no field " + field);
    }

    /**
     * This adapter, skipping one more field: one the caller has read already (the tag of a union,
     * such as a webhook's {@code event}), which is neither set nor kept as an additional property.
     */
    public final ModelAdapter<B, T> ignoring(String name) {
        ModelAdapter<B, T> model = this;
        String[] more = Arrays.copyOf(names, names.length + 1);
        more[names.length] = name;
        return new ModelAdapter<>(more, fields) {
            @Override
            protected B newBuilder() {
                return model.newBuilder();
            }

            @Override
            protected void read(int field, JsonReader reader, B builder) throws IOException {
                model.read(field, reader, builder);
            }

            @Override
            protected T build(B builder, Map<String, Object> additional) {
                return model.build(builder, additional);
            }
        };
    }

    @Override
    public final T fromJson(JsonReader reader) throws IOException {
        if (reader.peek() == JsonReader.Token.NULL) {
            return reader.nextNull();
        }
        B builder = newBuilder();
        Map<String, Object> unknown = null;
        reader.beginObject();
        while (reader.hasNext()) {
            int index = reader.selectName(options);
            if (index < 0) {
                String name = reader.nextName();
                if (unknown == null) {
                    unknown = new LinkedHashMap<>();
                }
                unknown.put(name, JsonTree.read(reader));
            } else if (index >= fields) {
                reader.skipValue();
            } else if (reader.peek() == JsonReader.Token.NULL) {
                reader.nextNull();
            } else {
                read(index, reader, builder);
            }
        }
        reader.endObject();
        return build(builder, unknown == null ? Map.of() : unknown);
    }

    /** Models are read, never written, by the SDK. */
    @Override
    public final void toJson(JsonWriter writer, T value) {
        throw new UnsupportedOperationException("VerifyKit's models are read from JSON, not written");
    }
}
