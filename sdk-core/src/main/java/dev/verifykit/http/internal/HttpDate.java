package dev.verifykit.http.internal;

import dev.verifykit.internal.Decimals;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * An HTTP date ({@code Date} header). The form servers send, RFC 9110's IMF-fixdate
 * ({@code Sun, 06 Nov 1994 08:49:37 GMT}), is read directly: OkHttp's {@code Headers.getInstant}
 * sets up a {@code SimpleDateFormat} with its locale data, over 100 ms of a JVM's first call, and a
 * {@code DateTimeFormatter} about 15 ms. Anything else goes to {@link DateTimeFormatter#RFC_1123_DATE_TIME}
 * (a one-digit day, another zone name); the obsolete RFC 850 and asctime forms are not read.
 */
public final class HttpDate {
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /** The most a server's clock is believed to be off the local one. */
    public static final Duration BELIEVED_SKEW = Duration.ofDays(1);

    private HttpDate() {}

    /**
     * The instant {@code text} names when it is believed as the server's clock: {@code null} when it
     * is absent, not an HTTP date, or more than {@link #BELIEVED_SKEW} off {@code localNow} (a proxy's
     * or an unset clock: a time counted from a {@code Date} of 1970 would read as decades).
     */
    public static Instant believed(String text, Instant localNow) {
        Instant date = parse(text);
        return date != null && Duration.between(localNow, date).abs().compareTo(BELIEVED_SKEW) <= 0 ? date : null;
    }

    /** The instant {@code text} names, or {@code null} when it is absent or not an HTTP date. */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        Instant fixed = parseFixdate(text);
        if (fixed != null) {
            return fixed;
        }
        try {
            return ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code Www, DD Mmm YYYY HH:MM:SS GMT}, or {@code null} for anything else, valid or not. */
    private static Instant parseFixdate(String text) {
        if (text.length() != 29 || text.charAt(3) != ',' || text.charAt(4) != ' ' || text.charAt(7) != ' '
                || text.charAt(11) != ' ' || text.charAt(16) != ' ' || text.charAt(19) != ':'
                || text.charAt(22) != ':' || !text.endsWith(" GMT")) {
            return null;
        }
        int month = MONTHS.indexOf(text.substring(8, 11));
        int day = Decimals.of(text, 5, 7);
        int year = Decimals.of(text, 12, 16);
        int hour = Decimals.of(text, 17, 19);
        int minute = Decimals.of(text, 20, 22);
        int second = Decimals.of(text, 23, 25);
        if (month < 0 || month % 3 != 0 || (day | year | hour | minute | second) < 0
                || hour > 23 || minute > 59 || second > 60) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month / 3 + 1, day).toEpochDay();
        } catch (DateTimeException notADate) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + Math.min(second, 59));
    }
}
