package dev.verifykit.error;

/**
 * The service failed (HTTP 5xx), including HTML error pages from proxies in front of it.
 *
 * <pre>{@code
 * throw new ServerException(ApiError.of(Service.DOCK, 503, null, "…")); // in a fake of your own
 * }</pre>
 */
public class ServerException extends ApiException {
    /** @param error what the service said */
    public ServerException(ApiError error) {
        super(error);
    }
}
