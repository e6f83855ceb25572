package dev.verifykit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import dev.verifykit.json.internal.JsonCodec;
import dev.verifykit.json.internal.JsonFormatException;
import dev.verifykit.json.internal.ModelAdapter;
import dev.verifykit.json.internal.Values;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import okio.Buffer;
import org.junit.jupiter.api.Test;

public class JsonTest {
    public enum Colour {
        RED,
        @Json(name = "light_blue") LIGHT_BLUE,
        UNKNOWN
    }

    /** A model as the SDK's are read: a builder filled field by field by a {@link ModelAdapter}. */
    static final class Model {
        OpenEnum<Colour> colour;
        Instant at;
        String note;
        Map<String, Object> additional;

        Model build() {
            return this;
        }
    }

    private static final JsonAdapter<Model> MODEL = new ModelAdapter<Model, Model>("colour", "at", "note") {
        @Override
        protected Model newBuilder() {
            return new Model();
        }

        @Override
        protected void read(int field, JsonReader in, Model model) throws IOException {
            switch (field) {
                case 0 -> model.colour = OpenEnum.of(Colour.class, in.nextString());
                case 1 -> model.at = Values.isoInstant(in);
                case 2 -> model.note = in.nextString();
                default -> throw noSuchField(field);
            }
        }

        @Override
        protected Model build(Model model, Map<String, Object> additional) {
            model.additional = additional;
            return model.build();
        }
    };

    private static Model read(String json) {
        return JsonCodec.read(MODEL, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void knownValuesMapToTheirConstantsByWireName() {
        Model model = read("{\"colour\":\"light_blue\",\"at\":\"2026-05-07T00:05:00.000Z\"}");
        assertThat(model.colour.value()).isEqualTo(Colour.LIGHT_BLUE);
        assertThat(model.colour.is(Colour.LIGHT_BLUE)).isTrue();
        assertThat(model.colour.isKnown()).isTrue();
        assertThat(model.at).isEqualTo(Instant.parse("2026-05-07T00:05:00Z"));
        assertThat(model.note).isNull();
    }

    @Test
    void unknownEnumValuesBecomeUnknownAndKeepTheirRawString() {
        Model model = read("{\"colour\":\"ultraviolet\",\"extra\":1}");
        assertThat(model.colour.value()).isEqualTo(Colour.UNKNOWN);
        assertThat(model.colour.raw()).isEqualTo("ultraviolet");
        assertThat(model.colour.isKnown()).isFalse();
        assertThat(model.colour.is(Colour.UNKNOWN)).isFalse();
        assertThat(model.additional).containsEntry("extra", 1.0);
    }

    @Test
    void aServerSendingTheLiteralUnknownIsStillNotKnown() {
        assertThat(read("{\"colour\":\"unknown\"}").colour.isKnown()).isFalse();
    }

    @Test
    void openEnumsAreBuiltFromConstantsWithTheirWireNames() {
        assertThat(OpenEnum.known(Colour.LIGHT_BLUE).raw()).isEqualTo("light_blue");
        assertThat(OpenEnum.of(Colour.class, "red")).isEqualTo(OpenEnum.known(Colour.RED));
        assertThat(OpenEnum.of(Colour.class, "RED").value()).isEqualTo(Colour.UNKNOWN);
        assertThat(OpenEnum.known(Colour.RED).toString()).isEqualTo("red");
    }

    @Test
    void instantsAcceptOffsets() {
        Model model = read("{\"at\":\"2026-03-12T12:30:00+02:00\",\"note\":\"n\"}");
        assertThat(model.at).isEqualTo(Instant.parse("2026-03-12T10:30:00Z"));
        assertThat(model.note).isEqualTo("n");
    }

    @Test
    void epochMillisecondsAreWholeNumbersInAnyNotation() throws Exception {
        assertThat(millis("1778112300000")).isEqualTo(Instant.ofEpochMilli(1778112300000L));
        assertThat(millis("1.778112300000E12")).isEqualTo(Instant.ofEpochMilli(1778112300000L));
        assertThatThrownBy(() -> millis("1778112300000.5")).hasMessageContaining("epoch milliseconds");
        assertThatThrownBy(() -> millis("\"soon\"")).hasMessageContaining("epoch milliseconds");
    }

    private static Instant millis(String json) throws java.io.IOException {
        return Values.epochMillis(JsonReader.of(new Buffer().writeUtf8(json)));
    }

    @Test
    void nullsLeaveFieldsUnset() {
        Model model = read("{\"colour\":null,\"at\":null,\"note\":null}");
        assertThat(model.colour).isNull();
        assertThat(model.at).isNull();
        assertThat(model.note).isNull();
    }

    @Test
    void whitespaceAfterTheDocumentIsAllowedAndAnythingElseIsNot() {
        assertThat(read("{\"note\":\"n\"} \r\n\t\n").note).isEqualTo("n");
        assertThatThrownBy(() -> read("{\"note\":\"n\"} \n x")).hasMessageContaining("after the JSON document");
    }

    @Test
    void malformedDocumentsAreReportedWithWhatWasWrong() {
        assertThatThrownBy(() -> read("{\"at\":\"yesterday\"}")).isInstanceOf(JsonFormatException.class)
                .hasMessageContaining("ISO-8601").hasMessageContaining("$.at");
        assertThatThrownBy(() -> read("{\"colour\":1")).isInstanceOf(JsonFormatException.class);
        assertThatThrownBy(() -> read("{} {}")).hasMessageContaining("after the JSON document");
        assertThatThrownBy(() -> read("null")).hasMessageContaining("null");
        assertThatThrownBy(() -> read("[]")).isInstanceOf(JsonFormatException.class);
        assertThatThrownBy(() -> read("<html>")).isInstanceOf(JsonFormatException.class).hasMessageContaining("invalid JSON");
    }

    public enum NoUnknown { A }

    @Test
    void anOpenEnumNeedsAnUnknownConstant() {
        assertThatThrownBy(() -> OpenEnum.of(NoUnknown.class, "b")).hasMessageContaining("UNKNOWN");
    }
}
