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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How {@link Values} reads what JSON has no type for, against independent vectors: the digits a text
 * field sent as a number reads as were computed with Python's {@code decimal} (a whole number below
 * 2^53 in magnitude, else refused), and the URLs are judged by the rules {@link Values#webUrl} states.
 */
class ValuesTest {
    private interface Read<T> {
        T from(JsonReader reader) throws IOException;
    }

    /** {@code read} as a read-only adapter, to read a whole document through {@link JsonCodec}. */
    private static <T> JsonAdapter<T> adapter(Read<T> read) {
        return new JsonAdapter<T>() {
            @Override
            public T fromJson(JsonReader reader) throws IOException {
                return read.from(reader);
            }

            @Override
            public void toJson(JsonWriter writer, T value) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static final JsonAdapter<String> WEB_URL = adapter(Values::webUrl);
    private static final JsonAdapter<Double> NUMBER = adapter(Values::number);
    private static final JsonAdapter<Integer> WHOLE_INT = adapter(Values::wholeInt);
    /** Numbers by name as a model's member is: followed by more of the document. */
    private static final JsonAdapter<Map<String, Double>> NUMBERS = adapter(reader -> {
        reader.beginArray();
        Map<String, Double> numbers = Values.numbersByName(reader);
        reader.endArray();
        return numbers;
    });

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The value of a one-element array read as a JSON tree (a webhook's, an RPC output's) holds it. */
    private static Object treeValue(String json) {
        return ((List<?>) JsonCodec.read(JsonTree.ADAPTER, utf8("[" + json + "]"))).get(0);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0", "-0, 0", "7, 7", "156319135, 156319135", "1.56319135E8, 156319135", "156319135.000, 156319135",
        "1e2, 100", "1E+2, 100", "-42, -42", "100e-2, 1", "0e-5, 0", "0.0, 0",
        "9007199254740991, 9007199254740991", "-9007199254740991, -9007199254740991"})
    void aWholeNumberBelow2To53ReadsAsItsDigitsFromABodyAndFromATree(String number, String digits) {
        assertThat(JsonCodec.read(Values.TEXT, utf8(number))).isEqualTo(digits);
        assertThat(JsonCodec.readValue(Values.TEXT, treeValue(number))).isEqualTo(digits);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "9007199254740992", "-9007199254740992", "9007199254740993", "0.5", "1.5e0", "12e-1", "1e300",
        "123456789012345678901234567890123"})
    void aFractionOrANumberFrom2To53OnIsRefusedFromABodyAndFromATree(String number) {
        assertThatThrownBy(() -> JsonCodec.read(Values.TEXT, utf8(number)))
                .isInstanceOf(JsonFormatException.class).hasMessageContaining("a number where text was expected");
        Object tree = treeValue(number);
        assertThatThrownBy(() -> JsonCodec.readValue(Values.TEXT, tree))
                .isInstanceOf(JsonFormatException.class).hasMessageContaining("a number where text was expected");
    }

    @Test
    void textIsReadAsSent() {
        assertThat(JsonCodec.read(Values.TEXT, utf8("\"usr_\\u00e9 1\""))).isEqualTo("usr_\u00e9 1");
        assertThat(JsonCodec.readValue(Values.TEXT, treeValue("\"901215-08-5523\""))).isEqualTo("901215-08-5523");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://example.com", "http://example.com", "HTTPS://Example.COM/x", "https://example.com/users/@me",
        "https://example.com?next=/a", "https://example.com#top", "https://user:pw@example.com:8443/a?b=c#d",
        "http://[::1]:8080/", "https://example.com:65535/"})
    void anAbsoluteHttpUrlIsReadExactlyAsSent(String url) {
        assertThat(JsonCodec.read(WEB_URL, utf8("\"" + url + "\""))).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "javascript:alert(1)", "ftp://example.com/", "https:///path", "https://@/path", "https://:443/",
        "https://example.com/a b", "https://example.com/a\\\\b", "https://example.com/a\\u202eb",
        "https://example.com/\\u0085", "https://example.com/\\u2028", "https://example.com/\\u001b[2J",
        "https://example.com:0/", "https://example.com:65536/", "https://example.com:99999/", "http://[::1/",
        "https://exa mple.com/"})
    void anythingElseIsRefusedWithoutQuotingIt(String url) {
        assertThatThrownBy(() -> JsonCodec.read(WEB_URL, utf8("\"" + url + "\"")))
                .isInstanceOf(JsonFormatException.class)
                .hasMessageContaining("not an absolute http or https URL at $")
                .hasMessageNotContaining("example.com");
    }

    @Test
    void aNumberIsAJsonNumberNotTextHoldingOne() {
        assertThat(JsonCodec.read(NUMBER, utf8("0.85"))).isEqualTo(0.85);
        assertThat(JsonCodec.read(NUMBER, utf8("-1e-3"))).isEqualTo(-0.001);
        assertThatThrownBy(() -> JsonCodec.read(NUMBER, utf8("\"0.85\"")))
                .isInstanceOf(JsonFormatException.class).hasMessageContaining("a STRING where a number was expected at path $");
        assertThat(JsonCodec.read(WHOLE_INT, utf8("2"))).isEqualTo(2);
        assertThat(JsonCodec.read(WHOLE_INT, utf8("-7.0"))).isEqualTo(-7);
        assertThat(JsonCodec.read(WHOLE_INT, utf8("2147483647"))).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> JsonCodec.read(WHOLE_INT, utf8("\"2\"")))
                .isInstanceOf(JsonFormatException.class).hasMessageContaining("a STRING where a whole number was expected");
        assertThatThrownBy(() -> JsonCodec.read(WHOLE_INT, utf8("2.5"))).isInstanceOf(JsonFormatException.class);
        assertThatThrownBy(() -> JsonCodec.read(WHOLE_INT, utf8("2147483648"))).isInstanceOf(JsonFormatException.class);
    }

    @Test
    void numbersByNameKeepTheirOrderAndLeaveANullOut() {
        assertThat(JsonCodec.read(NUMBERS, utf8("[{\"b\":0.5,\"gone\":null,\"a\":1}]")))
                .containsExactly(Map.entry("b", 0.5), Map.entry("a", 1.0));
        assertThat(JsonCodec.read(NUMBERS, utf8("[{}]"))).isEmpty();
        assertThatThrownBy(() -> JsonCodec.read(NUMBERS, utf8("[{\"a\":\"1\"}]")))
                .isInstanceOf(JsonFormatException.class).hasMessageContaining("a STRING where a number was expected at path $[0].a");
        assertThatThrownBy(() -> JsonCodec.read(NUMBERS, utf8("[[1]]"))).isInstanceOf(JsonFormatException.class);
    }

    @Test
    void aTreesNumberIsAnExactWholeNumberOnlyBelow2To53() {
        assertThat(Values.isExactWhole(0)).isTrue();
        assertThat(Values.isExactWhole(-0.0)).isTrue();
        assertThat(Values.isExactWhole(9007199254740991.0)).isTrue();
        assertThat(Values.isExactWhole(-9007199254740991.0)).isTrue();
        assertThat(Values.isExactWhole(9007199254740992.0)).isFalse();
        assertThat(Values.isExactWhole(-9007199254740992.0)).isFalse();
        assertThat(Values.isExactWhole(1e300)).isFalse();
        assertThat(Values.isExactWhole(0.5)).isFalse();
        assertThat(Values.isExactWhole(-4503599627370495.5)).isFalse();
        assertThat(Values.isExactWhole(Double.NaN)).isFalse();
        assertThat(Values.isExactWhole(Double.POSITIVE_INFINITY)).isFalse();
    }
}
