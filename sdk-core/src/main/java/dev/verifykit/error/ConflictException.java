package dev.verifykit.error;

/**
 * The request conflicts with an earlier one (HTTP 409), e.g. an idempotency key reused with another body.
 *
 * <pre>{@code
 * throw new ConflictException(ApiError.of(Service.DOCK, 409, null, "…")); // in a fake of your own
 * }</pre>
 */
public class ConflictException extends ApiException {
    /** @param error what the service said */
    public ConflictException(ApiError error) {
        super(error);
    }
}
