package dev.verifykit.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import okio.Buffer;

/**
 * The one Moshi setup of the SDK, and reading and writing through it. The public models are read by
 * their {@link ObjectAdapter}s; Moshi's own adapters read the wire records and JSON trees.
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
            throw new JsonFormatException("invalid JSON: " + withoutAdvice(e.getMessage()), e, true);
        } catch (JsonDataException e) {
            String message = withoutValue(e.getMessage());
            throw new JsonFormatException("unexpected JSON: " + message, message.equals(e.getMessage()) ? e : null);
        } catch (IOException e) {
            throw new JsonFormatException("unreadable JSON: " + withoutAdvice(e.getMessage()), e, true);
        } catch (NullPointerException | IllegalArgumentException | IllegalStateException e) {
            throw new JsonFormatException("invalid value: " + e.getMessage(), e);
        }
    }

    /**
     * Moshi's syntax errors give advice meant for its own users ("Use JsonReader.setLenient(true) to
     * accept malformed JSON at path $"), which misleads ours: only what was wrong and where is kept.
     */
    private static String withoutAdvice(String message) {
        return message == null ? "" : ErrorPatterns.LENIENT_ADVICE.matcher(message).replaceAll("malformed JSON");
    }

    /**
     * Moshi's tree reader names the offending value ("Expected STRING but was [secret], a
     * java.util.ArrayList, at path $.x"); a body's values (tokens, identity data) must not reach
     * exception messages or logs, so only its type and path are kept.
     */
    private static String withoutValue(String message) {
        return message == null ? "" : ErrorPatterns.VALUE_IN_MESSAGE.matcher(message).replaceFirst("but was a $1, at path");
    }

    /**
     * The patterns that clean Moshi's messages, compiled at the first failure: compiling them is
     * a good part of a millisecond of a cold JVM's first read, which never needs them.
     */
    private static final class ErrorPatterns {
        static final Pattern LENIENT_ADVICE =
                Pattern.compile("Use JsonReader\\.setLenient\\(true\\) to accept malformed JSON");
        static final Pattern VALUE_IN_MESSAGE = Pattern.compile("but was .*, a ([\\w.$]+), at path", Pattern.DOTALL);
    }

    /** Writes a value as compact JSON bytes. */
    public static <T> byte[] write(JsonAdapter<T> adapter, T value) {
        return adapter.toJson(value).getBytes(StandardCharsets.UTF_8);
    }
}
