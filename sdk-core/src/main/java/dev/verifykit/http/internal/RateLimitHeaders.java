package dev.verifykit.http.internal;

import dev.verifykit.http.RateLimitInfo;
import java.time.Instant;
import okhttp3.Headers;

/** The {@code X-RateLimit-*} headers of a response (Dock sends them). */
final class RateLimitHeaders {
    private RateLimitHeaders() {}

    /** The figures, or {@code null} when the response carried neither a limit nor a remainder. */
    static RateLimitInfo read(Headers headers) {
        Integer limit = number(headers, "X-RateLimit-Limit");
        Integer remaining = number(headers, "X-RateLimit-Remaining");
        if (limit == null && remaining == null) {
            return null;
        }
        Integer reset = number(headers, "X-RateLimit-Reset");
        return RateLimitInfo.builder().limit(limit).remaining(remaining)
                .reset(reset == null ? null : Instant.ofEpochSecond(reset))
                .limitDay(number(headers, "X-RateLimit-Limit-Day"))
                .remainingDay(number(headers, "X-RateLimit-Remaining-Day"))
                .build();
    }

    private static Integer number(Headers headers, String name) {
        String value = headers.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
