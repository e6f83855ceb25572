package dev.verifykit.error;

/**
 * The credentials were missing or refused (HTTP 401): a wrong API key, verification secret or JWT.
 *
 * <pre>{@code
 * throw new AuthenticationException(ApiError.of(Service.DOCK, 401, null, "…")); // in a fake of your own
 * }</pre>
 */
public class AuthenticationException extends ApiException {
    /** @param error what the service said */
    public AuthenticationException(ApiError error) {
        super(error);
    }
}
