package dev.verifykit.json.internal;

import com.squareup.moshi.FromJson;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.ToJson;
import dev.verifykit.json.EpochMillis;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** {@link Instant} as ISO-8601 text, and as epoch milliseconds where {@link EpochMillis} says so. */
final class InstantAdapters {
    @FromJson
    Instant fromIso(JsonReader reader) throws IOException {
        if (reader.peek() == JsonReader.Token.NULL) {
            return reader.nextNull();
        }
        String text = reader.nextString();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notZulu) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new JsonDataException("not an ISO-8601 instant at " + reader.getPath());
            }
        }
    }

    @ToJson
    void toIso(JsonWriter writer, Instant value) throws IOException {
        writer.value(value == null ? null : value.toString());
    }

    @FromJson
    @EpochMillis
    Instant fromEpochMillis(JsonReader reader) throws IOException {
        if (reader.peek() == JsonReader.Token.NULL) {
            return reader.nextNull();
        }
        String number = reader.nextString();
        try {
            return Instant.ofEpochMilli(new BigDecimal(number).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new JsonDataException("not epoch milliseconds at " + reader.getPath());
        }
    }

    @ToJson
    void toEpochMillis(JsonWriter writer, @EpochMillis Instant value) throws IOException {
        if (value == null) {
            writer.nullValue();
        } else {
            writer.value(value.toEpochMilli());
        }
    }
}
