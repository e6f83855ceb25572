package dev.verifykit.json.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A model read field by field: its declared fields set, a {@code null} leaving one unset, every other
 * member kept as it came, and a name the caller read already ({@link ModelAdapter#ignoring}, a union's
 * tag) neither set nor kept; a model inside a document leaves the reader where the next member begins.
 */
class ModelAdapterTest {
    static final class Event {
        String id;
        String note;
        Map<String, Object> additional;
    }

    private static final ModelAdapter<Event, Event> EVENT = new ModelAdapter<>("id", "note") {
        @Override
        protected Event newBuilder() {
            return new Event();
        }

        @Override
        protected void read(int field, JsonReader in, Event event) throws IOException {
            switch (field) {
                case 0 -> event.id = Values.text(in);
                case 1 -> event.note = in.nextString();
                default -> throw noSuchField(field);
            }
        }

        @Override
        protected Event build(Event event, Map<String, Object> additional) {
            event.additional = additional;
            return event;
        }
    };

    private static <T> T read(JsonAdapter<T> adapter, String json) {
        return JsonCodec.read(adapter, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNameIgnoredIsNeitherSetNorKeptAndTheOthersAreRead() {
        Event event = read(EVENT.ignoring("event"), "{\"event\":{\"any\":[1]},\"id\":7,\"note\":null,\"added\":\"x\"}");

        assertThat(event.id).isEqualTo("7");
        assertThat(event.note).isNull();
        assertThat(event.additional).containsExactly(Map.entry("added", "x"));
    }

    @Test
    void withoutIgnoringTheSameNameIsKept() {
        Event event = read(EVENT, "{\"event\":\"session.completed\",\"id\":\"e_1\"}");

        assertThat(event.id).isEqualTo("e_1");
        assertThat(event.additional).containsExactly(Map.entry("event", "session.completed"));
    }

    @Test
    void modelsInsideADocumentAreReadOneAfterTheOther() {
        JsonAdapter<List<Event>> list = new JsonAdapter<>() {
            @Override
            public List<Event> fromJson(JsonReader reader) throws IOException {
                reader.beginArray();
                Event first = EVENT.fromJson(reader);
                Event second = EVENT.ignoring("event").fromJson(reader);
                reader.endArray();
                return List.of(first, second);
            }

            @Override
            public void toJson(JsonWriter writer, List<Event> value) {
                throw new UnsupportedOperationException();
            }
        };

        List<Event> read = read(list, "[{\"id\":\"a\",\"x\":{}},{\"event\":\"t\",\"id\":\"b\"}]");

        assertThat(read).extracting(e -> e.id).containsExactly("a", "b");
        assertThat(read.get(0).additional).containsExactly(Map.entry("x", Map.of()));
        assertThat(read.get(1).additional).isEmpty();
    }

    @Test
    void aNullDocumentIsNoModel() {
        assertThatThrownBy(() -> read(EVENT, "null")).isInstanceOf(JsonFormatException.class)
                .hasMessageContaining("the document is null");
    }
}
