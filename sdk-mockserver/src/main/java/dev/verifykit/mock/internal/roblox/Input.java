package dev.verifykit.mock.internal.roblox;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import dev.verifykit.mock.internal.Json;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import okio.Buffer;

/**
 * Procedure inputs as tRPC 11 reads them and the real server's validator (zod 4) sees them: the JSON
 * body (one input, or a batch's inputs keyed by index), each unwrapped from {@code {"json": …}} under
 * superjson, then checked field by field, with every problem reported in one {@code BAD_REQUEST}
 * whose message is the issue list as zod prints it (JSON, 2-space indent).
 */
final class Input {

    /** JavaScript's {@code undefined}: a batch index without input, or a superjson envelope without {@code json}. */
    static final Object UNDEFINED = new Object() {
        @Override
        public String toString() {
            return "undefined";
        }
    };

    static final String UUID_PATTERN = "/^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}"
            + "-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/";
    static final String DIGITS_PATTERN = "/^\\d+$/";

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}"
            + "-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000"
            + "|ffffffff-ffff-ffff-ffff-ffffffffffff");
    /** zod's {@code /^\d+$/}: JavaScript's {@code \d} is the ASCII digits only. */
    static final Pattern DIGITS = Pattern.compile("[0-9]+");

    record Completion(String code, String robloxUserId) {
    }

    /**
     * zod's issue list printer, built at the first refused input: the mock's start checks its seed
     * users' ids with {@link #DIGITS}, and built Moshi then (about 40 classes a first start loads).
     */
    private static final class Pretty {
        static final JsonAdapter<Object> ADAPTER = new Moshi.Builder().build().adapter(Object.class).serializeNulls().indent("  ");
    }

    private final List<Map<String, Object>> issues = new ArrayList<>();

    private Input() {
    }

    /**
     * The body as tRPC 11 reads it, with the Fetch API's {@code req.json()}: decoded as UTF-8 (a
     * leading byte-order mark dropped), then read as {@code JSON.parse} does (a
     * raw control character inside a string refused; of a name given twice, the last value kept).
     * What it cannot read is a {@code BAD_REQUEST} with a message in the manner of V8's, as tRPC 11
     * answers it.
     */
    static Object parse(String body) {
        String text = body.startsWith("\uFEFF") ? body.substring(1) : body;
        String refused = refusedByJsonParse(text);
        if (refused != null) {
            throw new TrpcError(TrpcCode.BAD_REQUEST, refused, "JSON.parse");
        }
        try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(text))) {
            Object value = read(reader);
            if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
                throw new JsonDataException("JSON document was not fully consumed.");
            }
            return value;
        } catch (EOFException e) {
            throw new TrpcError(TrpcCode.BAD_REQUEST, "Unexpected end of JSON input", "JSON.parse");
        } catch (IOException | RuntimeException e) {
            throw new TrpcError(TrpcCode.BAD_REQUEST, notJson(text), "JSON.parse");
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

    /** The input at {@code index} of a batch's inputs, {@code {"0": …, "1": …}}; absent is {@link #UNDEFINED}. */
    static Object batchElement(Object inputs, int index) {
        if (inputs == UNDEFINED) {
            return UNDEFINED;
        }
        if (!(inputs instanceof Map<?, ?> byIndex)) {
            throw new TrpcError(TrpcCode.BAD_REQUEST, "\"input\" needs to be an object when doing a batch call",
                    "getInputs");
        }
        String key = Integer.toString(index);
        return byIndex.containsKey(key) ? byIndex.get(key) : UNDEFINED;
    }

    /** An input as the transformer gives it to the procedure: unwrapped from superjson's {@code {"json": …}}. */
    static Object deserialize(Object raw, boolean superjson) {
        if (!superjson || raw == UNDEFINED) {
            return raw;
        }
        return raw instanceof Map<?, ?> envelope && envelope.containsKey("json") ? envelope.get("json") : UNDEFINED;
    }

    /** {@code {sessionId: z.string().uuid()}}. */
    static String sessionId(Object input) {
        Input check = new Input();
        Map<?, ?> object = check.object(input);
        String sessionId = null;
        if (object != null) {
            sessionId = check.string("sessionId", object);
            if (sessionId != null && !UUID.matcher(sessionId).matches()) {
                check.invalidFormat("sessionId", "uuid", UUID_PATTERN, "Invalid UUID");
            }
        }
        check.throwIfAny();
        return sessionId;
    }

    /** {@code {code: z.string().trim().min(6).max(12), robloxUserId: z.string().regex(/^\d+$/)}}. */
    static Completion completion(Object input) {
        Input check = new Input();
        Map<?, ?> object = check.object(input);
        String code = null;
        String robloxUserId = null;
        if (object != null) {
            code = check.string("code", object);
            if (code != null) {
                code = trim(code);
                if (code.length() < 6) {
                    check.size("code", "too_small", "minimum", 6, "Too small: expected string to have >=6 characters");
                } else if (code.length() > 12) {
                    check.size("code", "too_big", "maximum", 12, "Too big: expected string to have <=12 characters");
                }
            }
            robloxUserId = check.string("robloxUserId", object);
            if (robloxUserId != null && !DIGITS.matcher(robloxUserId).matches()) {
                check.invalidFormat("robloxUserId", "regex", DIGITS_PATTERN, "Invalid user id");
            }
        }
        check.throwIfAny();
        return new Completion(code, robloxUserId);
    }

    /** {@code {jwt: z.string()}}. */
    static String jwt(Object input) {
        Input check = new Input();
        Map<?, ?> object = check.object(input);
        String jwt = object == null ? null : check.string("jwt", object);
        check.throwIfAny();
        return jwt;
    }

    private Map<?, ?> object(Object input) {
        if (input instanceof Map<?, ?> map) {
            return map;
        }
        invalidType(List.of(), "object", input);
        return null;
    }

    private String string(String key, Map<?, ?> object) {
        Object value = object.containsKey(key) ? object.get(key) : UNDEFINED;
        if (value instanceof String text) {
            return text;
        }
        invalidType(List.of(key), "string", value);
        return null;
    }

    private void invalidType(List<Object> path, String expected, Object value) {
        issues.add(Json.object("expected", expected, "code", "invalid_type", "path", path,
                "message", "Invalid input: expected " + expected + ", received " + typeOf(value)));
    }

    private void invalidFormat(String key, String format, String pattern, String message) {
        issues.add(Json.object("origin", "string", "code", "invalid_format", "format", format, "pattern", pattern,
                "path", List.of(key), "message", message));
    }

    private void size(String key, String code, String boundName, int bound, String message) {
        issues.add(Json.object("origin", "string", "code", code, boundName, bound, "inclusive", true,
                "path", List.of(key), "message", message));
    }

    private void throwIfAny() {
        if (!issues.isEmpty()) {
            throw new TrpcError(TrpcCode.BAD_REQUEST, Pretty.ADAPTER.toJson(issues), "inputValidator");
        }
    }

    /** JavaScript's name for the type of a parsed JSON value, as zod reports it. */
    static String typeOf(Object value) {
        if (value == UNDEFINED) {
            return "undefined";
        }
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof List<?>) {
            return "array";
        }
        return "object";
    }

    /**
     * {@code String.prototype.trim}: JavaScript white space and line terminators at both ends, in one pass from each end (a regular expression for the end
     * took time in the square of a run of spaces inside the text).
     */
    static String trim(String text) {
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

    private static String notJson(String body) {
        String trimmed = trim(body);
        String snippet = trimmed.length() > 40 ? trimmed.substring(0, 40) + "..." : trimmed;
        return "\"" + snippet.replaceAll("\\p{Cntrl}", " ") + "\" is not valid JSON";
    }
}
