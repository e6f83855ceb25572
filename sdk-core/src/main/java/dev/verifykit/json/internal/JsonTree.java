package dev.verifykit.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON kept as a tree of plain Java values (maps in their members' order, lists, strings, numbers
 * as {@code Double}, booleans, nulls; the maps and lists unmodifiable, since a model returned to the
 * caller holds them in its additional properties): the members of an answer the SDK has no type for, the bodies
 * read before their shape is known. At most {@link #MAX_VALUES} values are kept from one document
 * (one reader: {@link JsonCodec#read} makes one a document), however they are spread over its trees: a tree's objects take dozens of
 * times the bytes they came in ({@code {}} is 2), so {@code maxResponseBytes} alone did not bound
 * them (one answer of 4 MiB of {@code [{},{},…]} held over 250 MB as Moshi's trees).
 */
public final class JsonTree {
    /** The most values kept as trees from one document; past it the document is refused. */
    public static final int MAX_VALUES = 100_000;

    /** Reads trees as {@link #read} does; writes any tree (or value Moshi writes) as Moshi does. */
    public static final JsonAdapter<Object> ADAPTER = new JsonAdapter<>() {
        private final JsonAdapter<Object> moshi = JsonCodec.MOSHI.adapter(Object.class);

        @Override
        public Object fromJson(JsonReader reader) throws IOException {
            return read(reader);
        }

        @Override
        public void toJson(JsonWriter writer, Object value) throws IOException {
            moshi.toJson(writer, value);
        }

        @Override
        public String toString() {
            return "JsonTree";
        }
    };

    private JsonTree() {}

    /** What is left of a document's values: one a reader, so one a document ({@link JsonCodec#read}). */
    private static final class Budget {
        private int left = MAX_VALUES;

        void take(JsonReader reader) {
            if (--left < 0) {
                throw new JsonDataException("more than " + MAX_VALUES + " values to keep as JSON trees at path "
                        + reader.getPath());
            }
        }
    }

    /**
     * Reads the next value as a tree, counting its values against what is left to the reader's
     * document.
     *
     * @throws JsonDataException past the budget, or for an object with a name twice
     */
    public static Object read(JsonReader reader) throws IOException {
        Budget budget = reader.tag(Budget.class);
        if (budget == null) {
            budget = new Budget();
            reader.setTag(Budget.class, budget);
        }
        return read(reader, budget);
    }

    private static Object read(JsonReader reader, Budget budget) throws IOException {
        budget.take(reader);
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (map.containsKey(name)) {
                        throw new JsonDataException("Map key '" + name + "' has multiple values at path " + reader.getPath());
                    }
                    map.put(name, read(reader, budget));
                }
                reader.endObject();
                return Collections.unmodifiableMap(map); // held by a model returned to the caller: no one may change it
            }
            case BEGIN_ARRAY -> {
                List<Object> list = new ArrayList<>();
                reader.beginArray();
                while (reader.hasNext()) {
                    list.add(read(reader, budget));
                }
                reader.endArray();
                return Collections.unmodifiableList(list);
            }
            case STRING -> {
                return reader.nextString();
            }
            case NUMBER -> {
                return reader.nextDouble();
            }
            case BOOLEAN -> {
                return reader.nextBoolean();
            }
            case NULL -> {
                return reader.nextNull();
            }
            default -> throw new IllegalStateException("Expected a value but was " + reader.peek() + " at path "
                    + reader.getPath());
        }
    }
}
