package dev.verifykit.error;

/**
 * The resource does not exist or is no longer kept (HTTP 404, and Dock's 410 {@code SESSION_EXPIRED}).
 *
 * <pre>{@code
 * throw new NotFoundException(ApiError.of(Service.DOCK, 404, null, "…")); // in a fake of your own
 * }</pre>
 */
public class NotFoundException extends ApiException {
    /** @param error what the service said */
    public NotFoundException(ApiError error) {
        super(error);
    }
}
