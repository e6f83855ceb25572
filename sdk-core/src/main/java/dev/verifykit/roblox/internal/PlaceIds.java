package dev.verifykit.roblox.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.verifykit.json.internal.JsonTree;
import dev.verifykit.json.internal.Values;
import java.io.IOException;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Reads a Roblox place id as the RPC sends it: a JSON string of digits ({@code "1818"}, the real
 * server) or a JSON number ({@code 1818}, older documents). Nothing else is a place id.
 */
final class PlaceIds {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

    /** The place id of a JSON field; anything else is a data error naming the field. */
    static long read(JsonReader reader) throws IOException {
        String path = reader.getPath();
        OptionalLong id = read(JsonTree.read(reader));
        if (id.isEmpty()) {
            throw new JsonDataException("the placeId is neither a string of digits nor a whole number at " + path);
        }
        return id.getAsLong();
    }

    private PlaceIds() {}

    /** The place id in a parsed JSON value (a string or a number), or empty when it is not one. */
    static OptionalLong read(Object value) {
        if (value instanceof String digits && DIGITS.matcher(digits).matches()) {
            try {
                return OptionalLong.of(Long.parseLong(digits));
            } catch (NumberFormatException beyondLong) {
                return OptionalLong.empty();
            }
        }
        if (value instanceof Number number) {
            double n = number.doubleValue();
            if (n >= 0 && Values.isExactWhole(n)) { // from 2^53 on, 2^53 + 1 is held as 2^53
                return OptionalLong.of((long) n);
            }
        }
        return OptionalLong.empty();
    }
}
