package dev.verifykit.http.internal;

import dev.verifykit.http.RateLimitInfo;
import java.time.Instant;
import java.util.function.IntConsumer;
import okhttp3.Headers;

/** The {@code X-RateLimit-*} headers of a response (Dock sends them). */
final class RateLimitHeaders {
    private RateLimitHeaders() {}

    /** The figures, or {@code null} when the response carried neither a limit nor a remainder. */
    static RateLimitInfo read(Headers headers) {
        if (number(headers, "X-RateLimit-Limit") == null && number(headers, "X-RateLimit-Remaining") == null) {
            return null;
        }
        RateLimitInfo.Builder info = RateLimitInfo.builder();
        set(headers, "X-RateLimit-Limit", info::limit);
        set(headers, "X-RateLimit-Remaining", info::remaining);
        set(headers, "X-RateLimit-Reset", seconds -> info.reset(Instant.ofEpochSecond(seconds)));
        set(headers, "X-RateLimit-Limit-Day", info::limitDay);
        set(headers, "X-RateLimit-Remaining-Day", info::remainingDay);
        return info.build();
    }

    private static void set(Headers headers, String name, IntConsumer setter) {
        Integer value = number(headers, name);
        if (value != null) {
            setter.accept(value);
        }
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
