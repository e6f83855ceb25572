package dev.verifykit.http.internal;

import dev.verifykit.internal.Require;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Reads {@code Retry-After}: delta seconds or an HTTP date; a date in the past means now. A wait
 * longer than {@link Require#LONGEST} (a server's mistake or a hostile one: {@code 99999999999},
 * the year 9999) reads as that long, which is past any deadline yet fits the arithmetic of a
 * deadline in nanoseconds (as long as the longest hint an RPC message or an SSE {@code retry:}
 * field can give).
 */
public final class RetryAfter {
    private static final Duration LONGEST = Require.LONGEST;

    private RetryAfter() {}

    /** The wait, at most {@link Require#LONGEST}, or {@code null} when the header is absent or unreadable. */
    public static Duration parse(String header, Instant now) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        if (value.isEmpty()) {
            return null;
        }
        if (isDigits(value)) {
            return seconds(value);
        }
        Instant at = httpDate(value, now);
        if (at == null) {
            return null;
        }
        return at.isBefore(now) ? Duration.ZERO : at.isAfter(now.plus(LONGEST)) ? LONGEST : Duration.between(now, at);
    }

    /**
     * Whether {@code text} is one or more ASCII decimal digits, nothing else: RFC 9110's {@code 1*DIGIT}
     * ({@code delay-seconds}; the rate-limit headers' counts too). Not Java's {@code parseInt} rule, which
     * takes a sign and other scripts' digits (it reads the Arabic-Indic digit U+0665 as 5).
     */
    static boolean isDigits(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** A count of seconds in decimal digits, at most {@link Require#LONGEST} however many digits it has. */
    public static Duration seconds(String digits) {
        int first = 0;
        while (first < digits.length() - 1 && digits.charAt(first) == '0') {
            first++;
        }
        // more significant digits than LONGEST's nine: longer than it (and past a long's range)
        return digits.length() - first > 9 ? LONGEST : Duration.ofSeconds(Long.parseLong(digits, first, digits.length(), 10));
    }

    /**
     * An HTTP date in any of the three forms a recipient must read (RFC 9110 §5.6.7): the IMF-fixdate
     * ({@code Sun, 06 Nov 1994 08:49:37 GMT}), and the obsolete RFC 850 ({@code Sunday, 06-Nov-94
     * 08:49:37 GMT}, a two-digit year more than 50 years ahead being the last such year past) and
     * asctime ({@code Sun Nov  6 08:49:37 1994}, in UTC) forms; {@code null} for anything else.
     */
    static Instant httpDate(String value, Instant now) {
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException notImfFixdate) {
            // one of the obsolete forms, or not a date
        }
        int thisYear = now.atZone(ZoneOffset.UTC).getYear();
        DateTimeFormatter rfc850 = new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, thisYear - 49)
                .appendPattern(" HH:mm:ss 'GMT'").toFormatter(Locale.US).withZone(ZoneOffset.UTC);
        DateTimeFormatter asctime = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);
        for (DateTimeFormatter form : new DateTimeFormatter[] {rfc850, asctime}) {
            try {
                return ZonedDateTime.parse(value, form).toInstant();
            } catch (DateTimeParseException notThisForm) {
                // the next form
            }
        }
        return null;
    }
}
