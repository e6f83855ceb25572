package dev.verifykit.mock.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okio.Buffer;

/**
 * What the real services' runtime (Node) does with text, for the services that read it the same way:
 * {@code JSON.parse} and {@code String.prototype.trim}. Loads no Moshi class until {@link #jsonParse} runs.
 */
public final class JavaScript {

    private JavaScript() {
    }

    /** Why {@code JSON.parse} refuses a text, in V8's words. */
    public static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * {@code text} read as {@code JSON.parse} reads it, as maps, lists, strings, doubles, booleans and
     * nulls: a raw control character inside a string refused; of a name given twice, the last value kept;
     * a number past a double's range an infinity.
     *
     * @throws SyntaxError when {@code JSON.parse} refuses it, with a message in the manner of V8's
     */
    public static Object jsonParse(String text) throws SyntaxError {
        String refused = refusedByJsonParse(text);
        if (refused != null) {
            throw new SyntaxError(refused);
        }
        try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(text))) {
            Object value = read(reader);
            if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
                throw new JsonDataException("JSON document was not fully consumed.");
            }
            return value;
        } catch (EOFException e) {
            throw new SyntaxError("Unexpected end of JSON input");
        } catch (IOException | RuntimeException e) {
            throw new SyntaxError(notJson(text));
        }
    }

    /** {@code text} read as {@link #jsonParse} reads it, when it is a JSON object; else empty. */
    public static Optional<Map<?, ?>> jsonParseObject(String text) {
        try {
            return jsonParse(text) instanceof Map<?, ?> object ? Optional.of(object) : Optional.empty();
        } catch (SyntaxError e) {
            return Optional.empty();
        }
    }

    /** One JSON value as {@code JSON.parse} builds it; unlike Moshi's own, a repeated name keeps its last value. */
    private static Object read(JsonReader reader) throws IOException {
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    object.put(name, read(reader));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                List<Object> array = new ArrayList<>();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(read(reader));
                }
                reader.endArray();
                return array;
            }
            case STRING -> {
                return reader.nextString();
            }
            case NUMBER -> {
                // as JSON.parse reads it: past a double's range is an infinity (Moshi's nextDouble refuses it)
                return Double.parseDouble(reader.nextString());
            }
            case BOOLEAN -> {
                return reader.nextBoolean();
            }
            case NULL -> {
                return reader.nextNull();
            }
            default -> throw new JsonDataException("Unexpected " + reader.peek() + " at " + reader.getPath());
        }
    }

    /**
     * What {@code JSON.parse} refuses that Moshi reads, in V8's words, or {@code null}: a raw
     * character below U+0020 in a string, an escape other than {@code \" \\ \/ \b \f \n \r \t}
     * and <code>&#92;u</code> with four hex digits (Moshi takes {@code \'} and a backslash before a line
     * break), and a literal in another letter case ({@code TRUE}, {@code Null}: Moshi ignores the
     * case). One pass.
     */
    private static String refusedByJsonParse(String text) {
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '"') {
                    inString = false;
                } else if (c < 0x20) {
                    return "Bad control character in string literal in JSON at position " + i;
                } else if (c == '\\') {
                    char escaped = i + 1 < text.length() ? text.charAt(i + 1) : '"';
                    if (escaped == 'u') {
                        for (int h = i + 2; h < i + 6; h++) {
                            if (h >= text.length() || Character.digit(text.charAt(h), 16) < 0) {
                                return h >= text.length() ? null : "Bad Unicode escape in JSON at position " + h;
                            }
                        }
                    } else if ("\"\\/bfnrt".indexOf(escaped) < 0) {
                        return "Bad escaped character in JSON at position " + (i + 1);
                    }
                    i++;
                }
            } else if (c == '"') {
                inString = true;
            } else if (Character.isLetter(c) && !(i > 0 && isNumberPart(text.charAt(i - 1)))) {
                String literal = c == 't' ? "true" : c == 'f' ? "false" : c == 'n' ? "null" : "";
                int k = 0;
                while (i + k < text.length() && Character.isLetter(text.charAt(i + k))) {
                    if (k >= literal.length() || text.charAt(i + k) != literal.charAt(k)) {
                        return "Unexpected token '" + text.charAt(i + k) + "', " + notJson(text);
                    }
                    k++;
                }
                i += k - 1;
            }
        }
        return null;
    }

    /** A character a number's exponent letter may follow. */
    private static boolean isNumberPart(char c) {
        return (c >= '0' && c <= '9') || c == '.';
    }

    private static String notJson(String text) {
        String trimmed = trim(text);
        String snippet = trimmed.length() > 40 ? trimmed.substring(0, 40) + "..." : trimmed;
        return "\"" + snippet.replaceAll("\\p{Cntrl}", " ") + "\" is not valid JSON";
    }

    /**
     * {@code String.prototype.trim}: JavaScript white space and line terminators at both ends, in one pass from each end (a regular expression for the end
     * took time in the square of a run of spaces inside the text).
     */
    public static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isJsSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isJsSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    /** What {@code trim} strips: ECMAScript's WhiteSpace and LineTerminator (not U+001C to U+001F). */
    private static boolean isJsSpace(char c) {
        return c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == ' ' || c == '\u00A0'
                || c == '\u1680' || (c >= '\u2000' && c <= '\u200A') || c == '\u2028' || c == '\u2029'
                || c == '\u202F' || c == '\u205F' || c == '\u3000' || c == '\uFEFF';
    }
}
