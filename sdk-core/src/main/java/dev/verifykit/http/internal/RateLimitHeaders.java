package dev.verifykit.http.internal;

import dev.verifykit.http.RateLimitInfo;
import dev.verifykit.json.internal.Values;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Locale;
import okhttp3.Headers;

/** The {@code X-RateLimit-*} headers of a response (Dock sends them). */
final class RateLimitHeaders {
    private static final String PREFIX = "X-RateLimit-";

    private RateLimitHeaders() {}

    /**
     * The figures, or {@code null} when the response carried none of them (the day's figures or the
     * reset alone are figures: the day's bucket of verification sessions is told by them). One pass
     * over the headers (this runs for every answer); names in any case; of a repeated header the last
     * counts, as {@link Headers#get} has it; a value that is not a count, ASCII decimal digits as
     * {@code Retry-After}'s {@code delay-seconds} (RFC 9110: {@code 1*DIGIT}), is left out as if absent:
     * not a number, a negative one, one with a sign ({@code +5}) or written in other digits (Java's
     * {@code parseInt} reads the Arabic-Indic digit U+0665 as 5), or one past an {@code int}.
     */
    static RateLimitInfo read(Headers headers) {
        Integer limit = null;
        Integer remaining = null;
        Instant reset = null;
        Integer limitDay = null;
        Integer remainingDay = null;
        for (int i = 0, size = headers.size(); i < size; i++) {
            String name = headers.name(i);
            if (name.length() <= PREFIX.length() || !name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                continue;
            }
            String value = headers.value(i);
            switch (name.substring(PREFIX.length()).toLowerCase(Locale.ROOT)) {
                case "limit" -> limit = number(value);
                case "remaining" -> remaining = number(value);
                case "reset" -> reset = instant(value);
                case "limit-day" -> limitDay = number(value);
                case "remaining-day" -> remainingDay = number(value);
                default -> { }
            }
        }
        if (limit == null && remaining == null && reset == null && limitDay == null && remainingDay == null) {
            return null;
        }
        RateLimitInfo.Builder info = RateLimitInfo.builder();
        if (limit != null) {
            info.limit(limit);
        }
        if (remaining != null) {
            info.remaining(remaining);
        }
        if (reset != null) {
            info.reset(reset);
        }
        if (limitDay != null) {
            info.limitDay(limitDay);
        }
        if (remainingDay != null) {
            info.remainingDay(remainingDay);
        }
        return info.build();
    }

    /**
     * Whether the response carried one of the headers {@link #read} reads: a cheaper test than
     * reading them, for every answer.
     */
    static boolean carried(Headers headers) {
        for (int i = 0, size = headers.size(); i < size; i++) {
            String name = headers.name(i);
            if (name.length() > PREFIX.length() && name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                    && isFigure(name.substring(PREFIX.length()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isFigure(String suffix) {
        return suffix.equalsIgnoreCase("limit") || suffix.equalsIgnoreCase("remaining") || suffix.equalsIgnoreCase("reset")
                || suffix.equalsIgnoreCase("limit-day") || suffix.equalsIgnoreCase("remaining-day");
    }

    /**
     * Unix seconds in ASCII digits as an instant (a long: past 2038 too) of the years 1970 to 9999, or
     * {@code null}.
     */
    private static Instant instant(String value) {
        String digits = value.trim();
        if (!RetryAfter.isDigits(digits)) {
            return null;
        }
        try {
            Instant at = Instant.ofEpochSecond(Long.parseLong(digits));
            return Values.withinYears(at) ? at : null;
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }

    /** A count in ASCII digits, or {@code null} for a value that is none (see {@link #read}). */
    private static Integer number(String value) {
        String digits = value.trim();
        if (!RetryAfter.isDigits(digits)) {
            return null;
        }
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException pastAnInt) {
            return null;
        }
    }
}
