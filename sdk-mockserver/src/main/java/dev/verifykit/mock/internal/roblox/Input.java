package dev.verifykit.mock.internal.roblox;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.verifykit.mock.internal.JavaScript;
import dev.verifykit.mock.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
     * leading byte-order mark dropped), then read as {@code JSON.parse} does ({@link JavaScript#jsonParse}).
     * What it cannot read is a {@code BAD_REQUEST} with a message in the manner of V8's, as tRPC 11
     * answers it.
     */
    static Object parse(String body) {
        try {
            return JavaScript.jsonParse(body.startsWith("\uFEFF") ? body.substring(1) : body);
        } catch (JavaScript.SyntaxError e) {
            throw new TrpcError(TrpcCode.BAD_REQUEST, e.getMessage(), "JSON.parse");
        }
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
                code = JavaScript.trim(code);
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
}
