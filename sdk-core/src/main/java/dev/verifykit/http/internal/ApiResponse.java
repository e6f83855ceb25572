package dev.verifykit.http.internal;

import dev.verifykit.http.RateLimitInfo;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.Headers;

/**
 * A response read in full (bounded by the client's maximum size).
 *
 * @param requestId the {@code X-Request-Id} header, or {@code null}
 * @param retryAfter the {@code Retry-After} header parsed, or {@code null}
 * @param attempts how many attempts the call made to get it
 * @param sentNanos when the request that got it was written, in the client's scheduler's nanoseconds
 *     (after any wait for a free slot, its host-name lookup and its connection); {@link Long#MIN_VALUE}
 *     when unknown
 * @param held the hold the request that got it asked for as it was written (a long-poll's, fitted
 *     then to the time left: see {@link ApiRequest.Hold}); zero for none
 * @param redactor what masks the text of this answer shown in messages: the client's credentials
 *     and the secrets of the request that got it
 */
public record ApiResponse(
        int status, Headers headers, byte[] body, String requestId, Duration retryAfter, int attempts,
        long sentNanos, Duration held, Redactor redactor) {

    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    /** The {@code X-RateLimit-*} figures, or {@code null} when the response carried none. */
    public RateLimitInfo rateLimit() {
        return RateLimitHeaders.read(headers);
    }

    /**
     * {@link #rateLimit()} to read later, when asked, or {@code null} when the response carried
     * none of the five {@code X-RateLimit-*} headers {@link #rateLimit()} reads: for figures kept from
     * every answer and rarely read.
     */
    public Supplier<RateLimitInfo> rateLimitLater() {
        return rateLimitLater(headers);
    }

    /** {@link #rateLimitLater()} of an answer's {@code headers} (a stream open's, which is no {@code ApiResponse}). */
    public static Supplier<RateLimitInfo> rateLimitLater(Headers headers) {
        return RateLimitHeaders.carried(headers) ? () -> RateLimitHeaders.read(headers) : null;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** The body as text, for messages. */
    public String bodyText() {
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
}
