package dev.verifykit.error;

/**
 * The service refused the request as invalid (HTTP 400 or 422), e.g. Dock's {@code INVALID_PARAMETER} or Dokai's {@code webhook_domain_not_allowed}.
 *
 * <pre>{@code
 * throw new InvalidRequestException(ApiError.of(Service.DOCK, 422, null, "…")); // in a fake of your own
 * }</pre>
 */
public class InvalidRequestException extends ApiException {
    /** @param error what the service said */
    public InvalidRequestException(ApiError error) {
        super(error);
    }
}
