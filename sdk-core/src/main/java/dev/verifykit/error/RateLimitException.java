package dev.verifykit.error;

/**
 * The service refused because a rate limit or guardrail was hit (HTTP 429). {@link #retryAfter()}
 * says how long to wait when the service said so, and is empty when it gave no hint. (A Dock
 * session whose poll cap is used up, where waiting will not help, is a {@link PollCapException}
 * instead.)
 *
 * <pre>{@code
 * catch (RateLimitException e) {
 *     Duration wait = e.retryAfter().orElse(Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public class RateLimitException extends ApiException {
    /** @param error what the service said, with its retry-after hint when it gave one */
    public RateLimitException(ApiError error) {
        super(error);
    }
}
