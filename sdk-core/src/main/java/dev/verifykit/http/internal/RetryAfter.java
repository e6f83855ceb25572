package dev.verifykit.http.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads {@code Retry-After}: delta seconds or an HTTP date; a date in the past means now. A wait
 * longer than {@link #LONGEST} (a server's mistake or a hostile one: {@code 99999999999}, the year
 * 9999) reads as {@link #LONGEST}, which is past any deadline yet leaves room for the arithmetic of
 * a deadline in nanoseconds.
 */
public final class RetryAfter {
    /**
     * The longest wait read, 999,999,999 s (about 31.7 years): as long as the longest hint an RPC
     * message or an SSE {@code retry:} field can give.
     */
    public static final Duration LONGEST = Duration.ofSeconds(999_999_999);

    private RetryAfter() {}

    /** The wait, at most {@link #LONGEST}, or {@code null} when the header is absent or unreadable. */
    public static Duration parse(String header, Instant now) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        if (value.isEmpty()) {
            return null;
        }
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int first = 0;
            while (first < value.length() - 1 && value.charAt(first) == '0') {
                first++;
            }
            // more significant digits than LONGEST's nine: longer than it (and past a long's range)
            return value.length() - first > 9 ? LONGEST : Duration.ofSeconds(Long.parseLong(value, first, value.length(), 10));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isBefore(now) ? Duration.ZERO
                    : at.isAfter(now.plus(LONGEST)) ? LONGEST : Duration.between(now, at);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
