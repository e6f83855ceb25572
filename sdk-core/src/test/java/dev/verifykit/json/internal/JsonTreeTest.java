package dev.verifykit.json.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JSON kept as trees is bounded by its values, not only by the bytes it came in: Moshi's trees took
 * about 60 times those bytes ({@code {}} as a LinkedHashTreeMap), so one answer within
 * {@code maxResponseBytes} could fill the heap (see {@code AnswerTreeMemoryTest}).
 */
class JsonTreeTest {
    private static byte[] emptyObjects(int count) {
        StringBuilder json = new StringBuilder("{\"x\":[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "{}" : ",{}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aDocumentOfMoreValuesThanTheBoundIsRefusedNamingIt() {
        // the outer object and the list are two values: the list holds the rest
        assertThat(JsonCodec.read(JsonTree.ADAPTER, emptyObjects(JsonTree.MAX_VALUES - 2))).isInstanceOf(Map.class);
        assertThatThrownBy(() -> JsonCodec.read(JsonTree.ADAPTER, emptyObjects(JsonTree.MAX_VALUES - 1)))
                .isInstanceOf(JsonFormatException.class)
                .hasMessageContaining("more than 100000 values to keep as JSON trees at path $.x[99998]");
    }

    @Test
    void theBoundIsTheDocumentsWhateverItsTreesNumber() throws Exception {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 4; i++) {
            json.append(i == 0 ? "" : ",").append(new String(emptyObjects(30_000), StandardCharsets.UTF_8));
        }
        byte[] body = json.append("]").toString().getBytes(StandardCharsets.UTF_8);
        // four trees of 30,002 values each, read one by one from the same document
        assertThatThrownBy(() -> JsonCodec.read(new JsonAdapter<List<Object>>() {
            @Override
            public List<Object> fromJson(JsonReader reader) throws IOException {
                List<Object> trees = new ArrayList<>();
                reader.beginArray();
                while (reader.hasNext()) {
                    trees.add(JsonTree.read(reader));
                }
                reader.endArray();
                return trees;
            }

            @Override
            public void toJson(JsonWriter writer, List<Object> value) {
                throw new UnsupportedOperationException();
            }
        }, body)).isInstanceOf(JsonFormatException.class).hasMessageContaining("more than 100000 values");
    }

    @Test
    void treesReadAsMoshiReadThem() {
        Object tree = JsonCodec.read(JsonTree.ADAPTER,
                "{\"b\":1,\"a\":[true,null,\"s\",2.5,{}],\"c\":{\"d\":-3e2}}".getBytes(StandardCharsets.UTF_8));
        assertThat(tree).isEqualTo(JsonCodec.read(JsonCodec.adapter(Object.class),
                "{\"b\":1,\"a\":[true,null,\"s\",2.5,{}],\"c\":{\"d\":-3e2}}".getBytes(StandardCharsets.UTF_8)));
        assertThat(new ArrayList<Object>(((Map<?, ?>) tree).keySet())).containsExactly("b", "a", "c");
        assertThat(JsonTree.ADAPTER.toJson(tree)).isEqualTo("{\"b\":1.0,\"a\":[true,null,\"s\",2.5,{}],\"c\":{\"d\":-300.0}}");
    }

    @Test
    void aNameSentTwiceIsRefusedWithoutItsValues() {
        assertThatThrownBy(() -> JsonCodec.read(JsonTree.ADAPTER,
                "{\"k\":\"secret-one\",\"k\":\"secret-two\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonFormatException.class)
                .hasMessageContaining("an object has a name twice, at path $.k")
                .hasMessageNotContaining("secret");
    }
}
