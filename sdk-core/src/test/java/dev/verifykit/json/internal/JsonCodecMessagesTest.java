package dev.verifykit.json.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Types;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a refused document's message keeps of Moshi's: the kind of value and the path, never the value
 * (a token, identity data), and at most {@link JsonCodec#MAX_MESSAGE} characters; Moshi's exception
 * stays the cause only when its message was kept whole (its own message would show what was taken out).
 */
class JsonCodecMessagesTest {
    private static final JsonAdapter<Double> DOUBLE = JsonCodec.adapter(Double.class);
    private static final JsonAdapter<String> STRING = JsonCodec.adapter(String.class);
    private static final JsonAdapter<Map<String, String>> STRINGS =
            JsonCodec.adapter(Types.newParameterizedType(Map.class, String.class, String.class));

    private static JsonFormatException refusal(JsonAdapter<?> adapter, String json) {
        return catchThrowableOfType(() -> JsonCodec.read(adapter, json.getBytes(StandardCharsets.UTF_8)),
                JsonFormatException.class);
    }

    @Test
    void aValueTheStreamingReaderNamesIsLeftOut() {
        JsonFormatException e = refusal(DOUBLE, "\"901215-08-5523\"");

        assertThat(e).hasMessage("unexpected JSON: Expected a double but was another value at path $").hasNoCause();
    }

    @Test
    void aValueTheTreeReaderNamesIsLeftOutAndItsTypeKept() {
        JsonFormatException e = catchThrowableOfType(() -> JsonCodec.readValue(STRING, new ArrayList<>(List.of("secret-901215"))),
                JsonFormatException.class);

        assertThat(e).hasMessage("unexpected JSON: Expected STRING but was a java.util.ArrayList, at path $")
                .hasNoCause();
    }

    @Test
    void aTokenNamedIsKeptAndTheMessageWholeWithItsCause() {
        JsonFormatException e = refusal(STRING, "[1]");

        assertThat(e).hasMessage("unexpected JSON: Expected a string but was BEGIN_ARRAY at path $")
                .hasCauseInstanceOf(JsonDataException.class);
    }

    @Test
    void aNameSentTwiceKeepsThePathNotTheValues() {
        assertThat(refusal(STRINGS, "{\"k\":\"v1-secret\",\"k\":\"v2: secret\"}"))
                .hasMessage("unexpected JSON: an object has a name twice, at path $.k").hasNoCause();
        assertThat(refusal(JsonTree.ADAPTER, "{\"a\":{\"k\":\"v1-secret\",\"k\":\"v2\"}}"))
                .hasMessage("unexpected JSON: an object has a name twice, at path $.a.k").hasNoCause();
        // a name holding ": " itself: the cut still falls in the path
        assertThat(refusal(STRINGS, "{\"a: b\":\"v1\",\"a: b\":\"v2\"}"))
                .hasMessage("unexpected JSON: an object has a name twice, at path $.a").hasNoCause();
    }

    @Test
    void aMessageOfTheLongestLengthIsKeptWholeAndOneLongerIsCut() {
        String prefix = "Expected a string but was BEGIN_ARRAY at path $.";
        String atTheLimit = "n".repeat(JsonCodec.MAX_MESSAGE - prefix.length());

        assertThat(refusal(STRINGS, "{\"" + atTheLimit + "\":[1]}"))
                .hasMessage("unexpected JSON: " + prefix + atTheLimit).hasCauseInstanceOf(JsonDataException.class);
        assertThat(refusal(STRINGS, "{\"" + atTheLimit + "x\":[1]}"))
                .hasMessage("unexpected JSON: " + prefix + atTheLimit + "…").hasNoCause();
    }
}
