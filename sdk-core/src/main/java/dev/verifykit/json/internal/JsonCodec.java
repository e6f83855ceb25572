package dev.verifykit.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okio.Buffer;

/**
 * The one Moshi setup of the SDK, and reading and writing through it. The public models are read by
 * their {@link ModelAdapter}s, JSON trees by {@link JsonTree}; Moshi's own adapters read the wire records.
 */
public final class JsonCodec {
    public static final Moshi MOSHI = new Moshi.Builder().build();

    private JsonCodec() {}

    /** The adapter for a type; Moshi caches adapters, so callers may hold or re-ask. */
    public static <T> JsonAdapter<T> adapter(Type type) {
        return MOSHI.adapter(type);
    }

    /** The adapter for a class. */
    public static <T> JsonAdapter<T> adapter(Class<T> type) {
        return MOSHI.adapter(type);
    }

    /**
     * Reads a whole document.
     *
     * @throws JsonFormatException when the bytes are not valid JSON of the expected shape
     */
    public static <T> T read(JsonAdapter<T> adapter, byte[] json) {
        return translated(() -> {
            Buffer buffer = new Buffer().write(json);
            T value = adapter.fromJson(buffer);
            // JSON allows whitespace after the value (a body ending in a newline, say)
            while (!buffer.exhausted() && isJsonWhitespace(buffer.getByte(0))) {
                buffer.skip(1);
            }
            if (!buffer.exhausted()) {
                throw new JsonFormatException("unexpected data after the JSON document", null, true);
            }
            return value;
        });
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /**
     * Reads a value from a tree already parsed (maps, lists, strings, numbers, booleans).
     *
     * @throws JsonFormatException when the tree is not of the expected shape
     */
    public static <T> T readValue(JsonAdapter<T> adapter, Object tree) {
        return translated(() -> adapter.fromJsonValue(tree));
    }

    private interface Reading<T> {
        T read() throws IOException;
    }

    private static <T> T translated(Reading<T> reading) {
        try {
            T value = reading.read();
            if (value == null) {
                throw new JsonFormatException("the document is null", null);
            }
            return value;
        } catch (JsonEncodingException e) {
            if (outOfRange(e)) {
                // valid JSON (a number past a double's range, 1e999): of the wrong shape, so never previewed
                throw failure("unexpected JSON: ", e.getMessage(), e, false);
            }
            throw failure("invalid JSON: ", withoutAdvice(e.getMessage()), e, true);
        } catch (JsonDataException e) {
            throw failure("unexpected JSON: ", withoutValue(e.getMessage()), e, false);
        } catch (IOException e) {
            throw failure("unreadable JSON: ", withoutAdvice(e.getMessage()), e, true);
        } catch (NullPointerException | IllegalArgumentException | IllegalStateException e) {
            throw failure("invalid value: ", e.getMessage(), e, false);
        }
    }

    /**
     * Whether Moshi refused a number that is valid JSON but past a double's range ({@code 1e999}
     * reads as infinity, which it refuses as it refuses a {@code NaN} of lenient JSON); its message
     * names the infinity, not the digits sent.
     */
    private static boolean outOfRange(JsonEncodingException e) {
        return e.getMessage() != null && e.getMessage().startsWith("JSON forbids NaN and infinities: ");
    }

    /** The most of Moshi's message kept: a path of long names is cut there. */
    static final int MAX_MESSAGE = 500;

    /**
     * The failure with Moshi's message as cleaned; its exception stays the cause only when the
     * message was kept whole, since the cause's own message would show what was taken out.
     */
    private static JsonFormatException failure(String what, String cleaned, Exception e, boolean notJson) {
        String message = cleaned == null ? "" : cleaned;
        boolean whole = Objects.equals(cleaned, e.getMessage()) && message.length() <= MAX_MESSAGE;
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "…";
        }
        return new JsonFormatException(what + message, whole ? e : null, notJson);
    }

    /**
     * Moshi's syntax errors give advice meant for its own users ("Use JsonReader.setLenient(true) to
     * accept malformed JSON at path $"), which misleads ours: only what was wrong and where is kept.
     */
    private static String withoutAdvice(String message) {
        return message == null ? "" : ErrorPatterns.LENIENT_ADVICE.matcher(message).replaceAll("malformed JSON");
    }

    /**
     * Moshi names the offending value in its messages: the tree reader ("Expected STRING but was
     * [secret], a java.util.ArrayList, at path $.x"), the streaming reader ("Expected a double but
     * was 901215-08-5523 at path $.score", an enum's "Expected one of [...] but was …") and a name
     * sent twice ("Map key 'k' has multiple values at path $.k: v1 and v2"). A body's values (tokens,
     * identity data) must not reach exception messages or logs, so only the kind of value (a JSON
     * token's name, or a Java type) and the path are kept. A value may itself hold any of these
     * words: the path is taken after the last {@code " at path "}, and a name sent twice ends at
     * the first {@code ": "} after it, so that a cut falls in the path, never in a value.
     */
    static String withoutValue(String message) {
        if (message == null) {
            return "";
        }
        if (message.startsWith("Map key '")) {
            int path = message.indexOf(TWICE);
            if (path < 0) {
                return "an object has a name twice";
            }
            int end = message.indexOf(": ", path + TWICE.length());
            return "an object has a name twice, at path "
                    + message.substring(path + TWICE.length(), end < 0 ? message.length() : end);
        }
        int butWas = message.indexOf(BUT_WAS);
        int atPath = message.lastIndexOf(AT_PATH);
        if (!message.startsWith("Expected ") || butWas < 0 || atPath < butWas) {
            return message;
        }
        String found = message.substring(butWas + BUT_WAS.length(), atPath);
        Matcher tree = ErrorPatterns.TREE_VALUE.matcher(found);
        String kind = tree.matches() ? "a " + tree.group(1) + "," : isToken(found) ? found : "another value";
        return message.substring(0, butWas) + BUT_WAS + kind + message.substring(atPath);
    }

    private static final String TWICE = "' has multiple values at path ";
    private static final String BUT_WAS = " but was ";
    private static final String AT_PATH = " at path ";

    private static boolean isToken(String text) {
        for (JsonReader.Token token : JsonReader.Token.values()) {
            if (token.name().equals(text)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The patterns that clean Moshi's messages, compiled at the first failure: compiling them is
     * a good part of a millisecond of a cold JVM's first read, which never needs them.
     */
    private static final class ErrorPatterns {
        static final Pattern LENIENT_ADVICE =
                Pattern.compile("Use JsonReader\\.setLenient\\(true\\) to accept malformed JSON");
        /** What the tree reader says it found: the value, then its Java type. */
        static final Pattern TREE_VALUE = Pattern.compile(".*, a ([\\w.$]+),", Pattern.DOTALL);
    }

    /** Writes a value as compact JSON bytes. */
    public static <T> byte[] write(JsonAdapter<T> adapter, T value) {
        return adapter.toJson(value).getBytes(StandardCharsets.UTF_8);
    }
}
