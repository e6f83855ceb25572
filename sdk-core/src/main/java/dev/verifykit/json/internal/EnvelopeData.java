package dev.verifykit.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;

/**
 * Reads the one member of an answer's envelope that a successful call uses (Dock's {@code data})
 * with that member's adapter, and skips the rest unread ({@code status}, {@code meta}, members a
 * service adds): no record of the envelope is built, which is most of the cost of reading a small
 * answer, and a member the SDK does not use cannot fail the call.
 *
 * @param <T> the member's type
 */
public final class EnvelopeData<T> extends JsonAdapter<T> {
    private final String name;
    private final JsonReader.Options names;
    private final JsonAdapter<T> member;

    private EnvelopeData(String name, JsonAdapter<T> member) {
        this.name = name;
        this.names = JsonReader.Options.of(name);
        this.member = member;
    }

    /** Reads member {@code name} of an object with {@code member}; absent or {@code null}, the envelope is malformed. */
    public static <T> EnvelopeData<T> of(String name, JsonAdapter<T> member) {
        return new EnvelopeData<>(name, member);
    }

    @Override
    public T fromJson(JsonReader reader) throws IOException {
        T value = null;
        reader.beginObject();
        while (reader.hasNext()) {
            if (reader.selectName(names) == 0) {
                value = member.fromJson(reader);
            } else {
                reader.skipName();
                reader.skipValue();
            }
        }
        reader.endObject();
        if (value == null) {
            throw new JsonDataException("the envelope has no " + name + " at path " + reader.getPath());
        }
        return value;
    }

    /** Envelopes are read, never written, by the SDK. */
    @Override
    public void toJson(JsonWriter writer, T value) {
        throw new UnsupportedOperationException("envelopes are read, not written");
    }
}
