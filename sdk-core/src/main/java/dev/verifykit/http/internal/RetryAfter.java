package dev.verifykit.http.internal;

import dev.verifykit.internal.Require;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

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
