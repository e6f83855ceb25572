package dev.verifykit.dokai.internal;

import com.squareup.moshi.JsonAdapter;
import dev.verifykit.error.ApiError;
import dev.verifykit.error.ApiException;
import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.InvalidRequestException;
import dev.verifykit.error.NotFoundException;
import dev.verifykit.error.PermissionException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ServerException;
import dev.verifykit.http.internal.ApiErrors;
import dev.verifykit.http.internal.ApiResponse;
import dev.verifykit.http.internal.ErrorMapper;
import dev.verifykit.http.internal.Redactor;
import dev.verifykit.json.internal.JsonCodec;
import dev.verifykit.json.internal.JsonFormatException;

/** Reads Dokai's {@code {"error":{"code","message"}}} and picks the exception for its code. */
final class DokaiErrorMapper implements ErrorMapper {
    /** Dokai's error body. Public only for Moshi. */
    public record ErrorBody(Detail error) {}

    /** The error itself. Public only for Moshi. */
    public record Detail(String code, String message) {}

    /**
     * A refusal whose {@code error} is a string ({@code {"error":"Invalid API key"}}, an auth layer's
     * answer rather than the documented object): its text is the service's message. Public only for Moshi.
     */
    public record TextBody(String error) {}

    private static final JsonAdapter<ErrorBody> BODY = JsonCodec.adapter(ErrorBody.class);
    private static final JsonAdapter<TextBody> TEXT = JsonCodec.adapter(TextBody.class);

    @Override
    public ApiException toException(ApiResponse response, ApiError known, Redactor redactor) {
        Detail detail;
        try {
            detail = JsonCodec.read(BODY, response.body()).error();
        } catch (JsonFormatException notDokaiShaped) {
            detail = textError(response.body());
        }
        if (detail == null) {
            return ApiErrors.forStatus(known);
        }
        ApiError error = new ApiError(known.service(), known.httpStatus(), redactor.serverText(detail.code()),
                redactor.serverText(detail.message()), known.requestId(), known.endpoint(), known.retryAfter());
        if (detail.code() == null) {
            return ApiErrors.forStatus(error);
        }
        return switch (detail.code()) {
            case "unauthorized", "invalid_api_key" -> new AuthenticationException(error);
            case "feature_not_enabled", "forbidden" -> new PermissionException(error);
            case "not_found" -> new NotFoundException(error);
            case "invalid_request", "webhook_domain_not_allowed" -> new InvalidRequestException(error);
            case "rate_limited", "too_many_requests" -> new RateLimitException(error);
            case "internal_error" -> new ServerException(error);
            default -> ApiErrors.forStatus(error);
        };
    }

    /** The text of a string {@code error} member as a message without a code, or {@code null}. */
    private static Detail textError(byte[] body) {
        try {
            TextBody text = JsonCodec.read(TEXT, body);
            return text == null || text.error() == null ? null : new Detail(null, text.error());
        } catch (JsonFormatException notThatEither) {
            return null;
        }
    }
}
