package dev.verifykit.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.verifykit.internal.Escapes;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the values of a model's fields are read (see {@link ModelAdapter}) when JSON has no type for them. */
public final class Values {
    /**
     * {@link #text} as an adapter, read only, JSON's null read as {@code null}: a text field of a JSON
     * tree (a webhook's, a refused answer's) read as a body's reader reads it.
     */
    public static final JsonAdapter<String> TEXT = new JsonAdapter<String>() {
        @Override
        public String fromJson(JsonReader in) throws IOException {
            return text(in);
        }

        @Override
        public void toJson(JsonWriter out, String value) {
            throw new UnsupportedOperationException("read only");
        }
    }.nullSafe();

    private Values() {}

    // Computed, not parsed: a JVM's first Instant.parse costs about 5 ms (on Java 17 it also sets up
    // DateTimeFormatter, 55 classes), which a first read (whose times take IsoInstants' direct path)
    // does not otherwise need.
    /** The earliest instant read: 0000-01-01T00:00:00Z, where RFC 3339's four-digit years begin. */
    public static final Instant EARLIEST = Instant.ofEpochSecond(LocalDate.of(0, 1, 1).toEpochDay() * 86_400);
    /** The latest instant read: the end of 9999, where RFC 3339's four-digit years end. */
    public static final Instant LATEST = Instant.ofEpochSecond(LocalDate.of(9999, 12, 31).toEpochDay() * 86_400 + 86_399, 999_999_999);

    /**
     * 2^53: below it every whole number is exact as a double, as a JSON tree holds numbers; 2^53
     * itself is also the double of 2^53 + 1.
     */
    private static final BigDecimal EXACT_IN_A_DOUBLE = BigDecimal.valueOf(1L << 53);
    /**
     * Whether a tree's number (a double) is a whole number it holds exactly: below 2^53 (from 2^53 on
     * a double no longer names one integer), as {@link #text} takes one from a body.
     */
    public static boolean isExactWhole(double n) {
        return n == Math.rint(n) && Math.abs(n) < 0x1p53;
    }

    /** Longer than any way of writing a whole number up to 2^53 worth reading (and parsing a long one costs). */
    private static final int LONGEST_NUMBER_AS_TEXT = 32;

    /**
     * A text field: a string, or a whole number sent instead (an id a service sent as a number) read
     * as its digits. The same value reads the same from a body (whose reader sees the number as it
     * was written, {@code 156319135}) and from a JSON tree (a webhook's, an RPC output's, whose
     * reader holds it as the double {@code 1.56319135E8}); a fraction, or a number from 2^53 on (which
     * a tree can no longer hold exactly: 2^53 + 1 is held as 2^53), is refused rather than read two ways.
     * A tree holds a number as its nearest double, so a fraction whose double is a whole number
     * ({@code 156319135.00000001} held as {@code 156319135}, {@code 1e-400} as {@code 0}) is refused
     * from a body but read from a tree as that whole number's digits.
     */
    public static String text(JsonReader reader) throws IOException {
        if (reader.peek() != JsonReader.Token.NUMBER) {
            return reader.nextString();
        }
        String written = reader.nextString();
        BigDecimal number = null;
        if (written.length() <= LONGEST_NUMBER_AS_TEXT) {
            try {
                number = new BigDecimal(written);
            } catch (NumberFormatException e) {
                number = null;
            }
        }
        if (number == null || number.abs().compareTo(EXACT_IN_A_DOUBLE) >= 0 || number.stripTrailingZeros().scale() > 0) {
            throw new JsonDataException("a number where text was expected at " + reader.getPath()
                    + " (only a whole number below 2^53 is read as its digits)");
        }
        return number.toBigInteger().toString();
    }

    /** An ISO-8601 instant with a zone or an offset, in the years 0000 to 9999. */
    public static Instant isoInstant(JsonReader reader) throws IOException {
        Instant instant = IsoInstants.parse(reader.nextString());
        if (instant == null || !withinYears(instant)) {
            throw new JsonDataException("not an ISO-8601 instant of the years 0000 to 9999 at " + reader.getPath());
        }
        return instant;
    }

    /**
     * An absolute {@code http} or {@code https} URL with a host, free of spaces and of the characters
     * a message escapes ({@link Escapes#isUnsafe}: C0 and C1 controls, line and paragraph separators,
     * bidirectional controls, which would make a link show another address than it leads to): a page
     * the integrator sends a user to (a redirect, a link). Any other scheme is
     * refused, as a {@code javascript:} or {@code data:} URL put in a link would run in the user's
     * browser; so is one whose authority OkHttp's URL parser refuses (a port that is no number from
     * 1 to 65535, an IPv6 address without its closing bracket, a host of characters no host has):
     * {@code URI.create} throws for some, and a redirect to one leads nowhere. The value is not quoted
     * in the refusal (it may carry a token).
     */
    public static String webUrl(JsonReader reader) throws IOException {
        String url = reader.nextString();
        if (!isWebUrl(url)) {
            throw new JsonDataException("not an absolute http or https URL at " + reader.getPath());
        }
        return url;
    }

    private static boolean isWebUrl(String url) {
        int host = url.regionMatches(true, 0, "https://", 0, 8) ? 8 : url.regionMatches(true, 0, "http://", 0, 7) ? 7 : -1;
        if (host < 0) {
            return false;
        }
        // a host there must be: the authority (up to a '/', '?' or '#') less its user-info and port is not empty
        int end = host;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        int start = at < host ? host : at + 1;
        if (start == end || url.charAt(start) == ':') {
            return false;
        }
        for (int i = host; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == ' ' || c == '\\' || Escapes.isUnsafe(c)) {
                return false;
            }
        }
        // the authority as OkHttp's URL parser reads it: a port from 1 to 65535, an IPv6 address in closed
        // brackets, a host of host characters (no empty label); not every rule of a browser's (WHATWG)
        // parser: a host ending in a number that is no IPv4 address (256.1.1.1) passes here
        return okhttp3.HttpUrl.parse(url) != null;
    }

    /** Milliseconds since the epoch, a whole number, in the years 0000 to 9999. */
    public static Instant epochMillis(JsonReader reader) throws IOException {
        String number = reader.nextString();
        Instant instant = null;
        // bounded as text's: a BigDecimal of the megabytes of digits a hostile string may hold takes minutes
        if (number.length() <= LONGEST_NUMBER_AS_TEXT) {
            try {
                instant = Instant.ofEpochMilli(new BigDecimal(number).longValueExact());
            } catch (NumberFormatException | ArithmeticException e) {
                instant = null;
            }
        }
        if (instant == null || !withinYears(instant)) {
            throw new JsonDataException("not epoch milliseconds of the years 0000 to 9999 at " + reader.getPath());
        }
        return instant;
    }

    /**
     * Whether {@code instant} is within {@link #EARLIEST} and {@link #LATEST}: a time a service can
     * mean, and one that the client's arithmetic (a grace added, a skew taken off) cannot overflow.
     */
    public static boolean withinYears(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /**
     * A JSON number: a string is refused, though Moshi's {@code nextDouble()} would parse one
     * ({@code "0.85"} is text, not the number a service documents).
     */
    public static double number(JsonReader reader) throws IOException {
        return expectNumber(reader, "a number").nextDouble();
    }

    /**
     * A JSON number that is a whole {@code int} ({@code 2}, {@code 2.0}): a string is refused, though
     * Moshi's {@code nextInt()} would parse one ({@code "2"} is text, not the number a service
     * documents), as is a fraction or a number past an {@code int}.
     */
    public static int wholeInt(JsonReader reader) throws IOException {
        return expectNumber(reader, "a whole number").nextInt();
    }

    /** {@code reader}, its next value a JSON number, else refused naming {@code what} was expected and where. */
    private static JsonReader expectNumber(JsonReader reader, String what) throws IOException {
        if (reader.peek() != JsonReader.Token.NUMBER) {
            throw new JsonDataException("a " + reader.peek() + " where " + what + " was expected at path " + reader.getPath());
        }
        return reader;
    }

    /** Numbers by name, e.g. liveness checks, each a JSON number ({@link #number}); a {@code null} value is left out. */
    public static Map<String, Double> numbersByName(JsonReader reader) throws IOException {
        Map<String, Double> values = new LinkedHashMap<>();
        reader.beginObject();
        while (reader.hasNext()) {
            String name = reader.nextName();
            if (reader.peek() == JsonReader.Token.NULL) {
                reader.nextNull();
            } else {
                values.put(name, number(reader));
            }
        }
        reader.endObject();
        return values;
    }
}
