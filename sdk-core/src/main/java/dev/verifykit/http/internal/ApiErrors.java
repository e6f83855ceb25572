package dev.verifykit.http.internal;

import dev.verifykit.error.ApiError;
import dev.verifykit.error.ApiException;
import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.ConflictException;
import dev.verifykit.error.InvalidRequestException;
import dev.verifykit.error.NotFoundException;
import dev.verifykit.error.PermissionException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ServerException;

/** The exception type for an HTTP status. */
public final class ApiErrors {
    private ApiErrors() {}

    public static ApiException forStatus(ApiError error) {
        int status = error.httpStatus();
        if (status >= 500) {
            return new ServerException(error);
        }
        return switch (status) {
            case 400, 422 -> new InvalidRequestException(error);
            case 401 -> new AuthenticationException(error);
            case 403 -> new PermissionException(error);
            case 404 -> new NotFoundException(error);
            case 409 -> new ConflictException(error);
            case 429 -> new RateLimitException(error);
            default -> new ApiException(error);
        };
    }
}
