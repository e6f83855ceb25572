package dev.verifykit.roblox.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.verifykit.json.internal.JsonCodec;
import dev.verifykit.json.internal.JsonFormatException;
import dev.verifykit.json.internal.Values;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the claims of a JWT's payload without checking its signature (that is the server's job):
 * enough to know when it expires and whom it names. It checks the form only: a header that is a
 * JSON object naming its {@code alg}, a payload that is a JSON object, a signature in base64url.
 * Never puts the token into a message.
 */
public final class Jwts {
    private Jwts() {}

    /** The times a token states. */
    public record Times(Instant expiresAt, Optional<Instant> issuedAt) {}

    /**
     * The {@code exp} and {@code iat} claims.
     *
     * @throws IllegalArgumentException when the text is not a JWT ({@link #claims}) with a numeric {@code exp}
     */
    public static Times times(String jwt) {
        Map<?, ?> claims = claims(jwt);
        if (!(claims.get("exp") instanceof Number)) {
            throw new IllegalArgumentException("has no numeric exp claim");
        }
        // the numbers as written: the tree's doubles round 1773228660.9999999999 up to the next second
        Map<String, String> written = JsonCodec.read(TIME_CLAIMS, Base64.getUrlDecoder().decode(jwt.split("\\.", -1)[1]));
        Optional<Instant> issued = claims.get("iat") instanceof Number
                ? Optional.of(instant("iat", written.get("iat"))) : Optional.empty();
        return new Times(instant("exp", written.get("exp")), issued);
    }

    /**
     * The payload's claims.
     *
     * @throws IllegalArgumentException when the text is not a JWT: three base64url parts separated
     *     by dots, the first a JSON object with a string {@code alg}, the second a JSON object, the
     *     third not empty
     */
    public static Map<?, ?> claims(String jwt) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("is not a JWT (three base64url parts separated by dots)");
        }
        if (!(json("header", parts[0]) instanceof Map<?, ?> header) || !(header.get("alg") instanceof String)) {
            throw new IllegalArgumentException("has a header that is not a JSON object naming its alg");
        }
        try {
            Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a signature that is not base64url");
        }
        if (!(json("payload", parts[1]) instanceof Map<?, ?> claims)) {
            throw new IllegalArgumentException("has a payload that is not a JSON object");
        }
        return claims;
    }

    /** A part of the token read as base64url JSON. */
    private static Object json(String part, String base64Url) {
        try {
            return JsonCodec.read(RpcCodec.TREE, Base64.getUrlDecoder().decode(base64Url));
        } catch (IllegalArgumentException | JsonFormatException e) {
            throw new IllegalArgumentException("has a " + part + " that is not base64url JSON");
        }
    }

    /**
     * A NumericDate claim (unix seconds) of the years 0000 to 9999, its fraction dropped towards the
     * earlier second (never read later than it is, before 1970 too). Read from its text: a double
     * rounds a fraction just under a second up to it. A text too long or with too large an exponent
     * to take apart cheaply ({@link #exactly}) is floored from the tree's double instead, which may
     * read it up to a second late ({@code 1773228660.} and 1,100 nines as the next second,
     * {@code -1e-999999999} as 0): the server writes whole seconds.
     */
    private static Instant instant(String claim, String seconds) {
        BigDecimal value = exactly(seconds);
        if (value == null) { // as the tree read it
            double whole = Math.floor(Double.parseDouble(seconds));
            value = Double.isFinite(whole) ? BigDecimal.valueOf(whole) : null;
        }
        if (value == null || value.compareTo(EARLIEST) < 0 || value.compareTo(AFTER_LATEST) >= 0) {
            throw new IllegalArgumentException("has an " + claim + " claim outside the years 0000 to 9999");
        }
        return Instant.ofEpochSecond(value.setScale(0, RoundingMode.FLOOR).longValueExact());
    }

    /**
     * A number's text as a decimal, or null when it is too long or has too many decimals or too
     * large an exponent to take apart cheaply ({@code 1e-999999999} would be divided by 10^999999999),
     * or one a {@link BigDecimal} cannot hold (an exponent past an int).
     */
    private static BigDecimal exactly(String text) {
        if (text.length() > LONGEST_NUMBER) {
            return null;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException exponentPastAnInt) { // 1e-2147483649: JSON, a double's 0
            return null;
        }
        return Math.abs((long) value.scale()) <= LONGEST_NUMBER ? value : null;
    }

    private static final int LONGEST_NUMBER = 1024;
    private static final BigDecimal EARLIEST = BigDecimal.valueOf(Values.EARLIEST.getEpochSecond());
    private static final BigDecimal AFTER_LATEST = BigDecimal.valueOf(Values.LATEST.getEpochSecond() + 1);

    /** The texts of a payload's numeric {@code exp} and {@code iat}, as written (a payload {@link #claims} took). */
    private static final JsonAdapter<Map<String, String>> TIME_CLAIMS = new JsonAdapter<>() {
        @Override
        public Map<String, String> fromJson(JsonReader reader) throws IOException {
            Map<String, String> texts = new HashMap<>();
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if ((name.equals("exp") || name.equals("iat")) && reader.peek() == JsonReader.Token.NUMBER) {
                    texts.put(name, reader.nextString());
                } else {
                    reader.skipValue();
                }
            }
            reader.endObject();
            return texts;
        }

        @Override
        public void toJson(JsonWriter writer, Map<String, String> value) {
            throw new UnsupportedOperationException("read only");
        }
    };
}
