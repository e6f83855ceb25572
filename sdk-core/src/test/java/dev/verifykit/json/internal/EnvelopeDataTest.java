package dev.verifykit.json.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Types;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeDataTest {
    private static final JsonAdapter<Map<String, Object>> TREE =
            JsonCodec.adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
    private static final JsonAdapter<Map<String, Object>> DATA = EnvelopeData.of("data", TREE);

    private static Map<String, Object> read(String json) {
        return JsonCodec.read(DATA, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheMemberAndSkipsEveryOtherWhateverItsShape() {
        Map<String, Object> data = read("{\"status\":\"not a number\",\"meta\":{\"rateLimit\":[1,{\"x\":null}]},"
                + "\"data\":{\"id\":\"vsn_1\",\"n\":[true]},\"added\":\"later\"}");

        assertThat(data).containsEntry("id", "vsn_1").containsEntry("n", List.of(true)).hasSize(2);
    }

    @Test
    void anEnvelopeWithoutTheMemberOrWithItNullIsMalformed() {
        assertThatThrownBy(() -> read("{\"status\":200,\"meta\":{}}"))
                .isInstanceOf(JsonFormatException.class).hasMessageContaining("the envelope has no data");
        assertThatThrownBy(() -> read("{\"data\":null}"))
                .isInstanceOf(JsonFormatException.class).hasMessageContaining("the envelope has no data");
    }

    @Test
    void anAnswerThatIsNotAnObjectIsMalformed() {
        assertThatThrownBy(() -> read("[{\"data\":{}}]"))
                .isInstanceOf(JsonFormatException.class).hasMessageContaining("BEGIN_OBJECT");
        assertThatThrownBy(() -> read("{\"data\":{\"id\":1}"))
                .isInstanceOf(JsonFormatException.class);
    }
}
