package dev.verifykit.error;

/**
 * The service refused because a rate limit or guardrail was hit (HTTP 429). {@link #retryAfter()}
 * says how long to wait when the service said so; it is empty when waiting will not help (a
 * Dock session whose poll cap is used up).
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
