package dev.verifykit.json.internal;

import dev.verifykit.internal.Decimals;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 instants as the services send them. The usual UTC form is read directly (a
 * {@code DateTimeFormatter} costs about a microsecond per value, and a session carries three);
 * anything else goes through {@link Instant#parse} and then {@link OffsetDateTime#parse}.
 */
final class IsoInstants {
    private static final int[] NANOS_PER_DIGIT = {100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private IsoInstants() {}

    /** The instant {@code text} names, or {@code null} when it is not ISO-8601 with a zone or offset. */
    static Instant parse(String text) {
        Instant utc = parseUtc(text);
        if (utc != null) {
            return utc;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notZulu) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} with 1 to 9 fraction digits, or {@code null} for anything
     * else, valid or not (left to the formatters, which also know leap seconds and lower case).
     */
    static Instant parseUtc(String text) {
        int length = text.length();
        if (length < 20 || length == 21 || length > 30 || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || (length > 20 && text.charAt(19) != '.')) {
            return null;
        }
        int year = Decimals.of(text, 0, 4);
        int month = Decimals.of(text, 5, 7);
        int day = Decimals.of(text, 8, 10);
        int hour = Decimals.of(text, 11, 13);
        int minute = Decimals.of(text, 14, 16);
        int second = Decimals.of(text, 17, 19);
        int fraction = length > 20 ? Decimals.of(text, 20, length - 1) : 0;
        if ((year | month | day | hour | minute | second | fraction) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException notADate) {
            return null;
        }
        int nanos = length > 20 ? fraction * NANOS_PER_DIGIT[length - 22] : 0;
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }
}
