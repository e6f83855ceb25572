package dev.verifykit.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.verifykit.json.OpenEnum;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
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

    // Computed, not parsed: a JVM's first Instant.parse costs about 5 ms (on Java 17 it also sets up
    // DateTimeFormatter, 55 classes), which a first read (whose times take IsoInstants' direct path)
    // does not otherwise need.
    /** The earliest instant read: 0000-01-01T00:00:00Z, where RFC 3339's four-digit years begin. */
    public static final Instant EARLIEST = Instant.ofEpochSecond(LocalDate.of(0, 1, 1).toEpochDay() * 86_400);
    /** The latest instant read: the end of 9999, where RFC 3339's four-digit years end. */
    public static final Instant LATEST = Instant.ofEpochSecond(LocalDate.of(9999, 12, 31).toEpochDay() * 86_400 + 86_399, 999_999_999);

    /** An ISO-8601 instant with a zone or an offset, in the years 0000 to 9999. */
    public static final Reader<Instant> ISO_INSTANT = reader -> {
        Instant instant = IsoInstants.parse(reader.nextString());
        if (instant == null || !withinYears(instant)) {
            throw new JsonDataException("not an ISO-8601 instant of the years 0000 to 9999 at " + reader.getPath());
        }
        return instant;
    };

    /** Milliseconds since the epoch, a whole number, in the years 0000 to 9999. */
    public static final Reader<Instant> EPOCH_MILLIS = reader -> {
        String number = reader.nextString();
        Instant instant;
        try {
            instant = Instant.ofEpochMilli(new BigDecimal(number).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            instant = null;
        }
        if (instant == null || !withinYears(instant)) {
            throw new JsonDataException("not epoch milliseconds of the years 0000 to 9999 at " + reader.getPath());
        }
        return instant;
    };

    /**
     * Whether {@code instant} is within {@link #EARLIEST} and {@link #LATEST}: a time a service can
     * mean, and one that the client's arithmetic (a grace added, a skew taken off) cannot overflow.
     */
    public static boolean withinYears(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

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
