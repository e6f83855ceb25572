package dev.verifykit.error;

/**
 * The credentials are valid but may not do this (HTTP 403), e.g. a Dock pid another key owns or a Dokai plan without KYC.
 *
 * <pre>{@code
 * throw new PermissionException(ApiError.of(Service.DOCK, 403, null, "…")); // in a fake of your own
 * }</pre>
 */
public class PermissionException extends ApiException {
    /** @param error what the service said */
    public PermissionException(ApiError error) {
        super(error);
    }
}
