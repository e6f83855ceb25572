package dev.verifykit.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.verifykit.json.OpenEnum;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the values of a model's fields are read (see {@link ObjectAdapter}). */
public final class Values {
    private Values() {}

    /** Reads one JSON value that is not {@code null}. */
    @FunctionalInterface
    public interface Reader<V> {
        V read(JsonReader reader) throws IOException;
    }

    /** A string (a number is read as its text, as Moshi does). */
    public static final Reader<String> STRING = JsonReader::nextString;
    public static final Reader<Boolean> BOOLEAN = JsonReader::nextBoolean;
    public static final Reader<Integer> INT = JsonReader::nextInt;
    public static final Reader<Long> LONG = JsonReader::nextLong;
    public static final Reader<Double> DOUBLE = JsonReader::nextDouble;

    /** An ISO-8601 instant with a zone or an offset. */
    public static final Reader<Instant> ISO_INSTANT = reader -> {
        Instant instant = IsoInstants.parse(reader.nextString());
        if (instant == null) {
            throw new JsonDataException("not an ISO-8601 instant at " + reader.getPath());
        }
        return instant;
    };

    /** Milliseconds since the epoch, a whole number. */
    public static final Reader<Instant> EPOCH_MILLIS = reader -> {
        String number = reader.nextString();
        try {
            return Instant.ofEpochMilli(new BigDecimal(number).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new JsonDataException("not epoch milliseconds at " + reader.getPath());
        }
    };

    /** Numbers by name, e.g. liveness checks; a {@code null} value is left out. */
    public static final Reader<Map<String, Double>> NUMBERS_BY_NAME = reader -> {
        Map<String, Double> values = new LinkedHashMap<>();
        reader.beginObject();
        while (reader.hasNext()) {
            String name = reader.nextName();
            if (reader.peek() == JsonReader.Token.NULL) {
                reader.nextNull();
            } else {
                values.put(name, reader.nextDouble());
            }
        }
        reader.endObject();
        return values;
    };

    /** A value of an extensible enumeration; an unknown string is kept as {@code UNKNOWN}. */
    public static <E extends Enum<E>> Reader<OpenEnum<E>> openEnum(Class<E> type) {
        return reader -> OpenEnum.of(type, reader.nextString());
    }

    /** A nested object, read by its own adapter. */
    public static <V> Reader<V> object(JsonAdapter<V> adapter) {
        return adapter::fromJson;
    }
}
