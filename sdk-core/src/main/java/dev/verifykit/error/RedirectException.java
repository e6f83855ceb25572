package dev.verifykit.error;

import java.util.Optional;

/**
 * The service answered with a redirect (HTTP 3xx), which VerifyKit never follows: a redirect
 * would carry the API key, the verification secret or a request body to a host the client was
 * not configured for, and would turn a {@code POST} into a {@code GET}. Usually the base URL is
 * wrong (an old host, {@code http} instead of {@code https}, a missing path prefix) or a proxy
 * is in between.
 *
 * <p>The message and {@link #targetHost()} name only the host of the {@code Location} header,
 * never its path or query string.
 *
 * <pre>{@code
 * catch (RedirectException e) {
 *     log.error("check the base URL: the service redirects to {}", e.targetHost().orElse("an unknown host"));
 * }
 * }</pre>
 */
public class RedirectException extends ApiException {
    private final String targetHost;

    /**
     * @param error the status and where it came from; its message should name the target host only
     * @param targetHost the host the redirect points at, or {@code null} when it named none
     */
    public RedirectException(ApiError error, String targetHost) {
        super(error);
        this.targetHost = targetHost;
    }

    /** The host of the redirect's {@code Location}, when it had a valid one. */
    public Optional<String> targetHost() {
        return Optional.ofNullable(targetHost);
    }
}
