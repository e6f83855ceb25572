package dev.verifykit.dokai.internal;

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
import dev.verifykit.json.internal.JsonTree;
import dev.verifykit.json.internal.Values;
import java.util.Map;

/** Reads Dokai's {@code {"error":{"code","message"}}} and picks the exception for its code. */
final class DokaiErrorMapper implements ErrorMapper {
    /** The error itself: its code and message, each {@code null} when absent or not text. */
    private record Detail(String code, String message) {}

    @Override
    public ApiException toException(ApiResponse response, ApiError known, Redactor redactor) {
        Detail detail = detail(response.body());
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

    /**
     * The body's {@code error}, its members read each on its own, as Dock's refusals are: one of an
     * unexpected type (a message given as an object, a code as a boolean) is left out, not the whole
     * object with it, so the other still names the refusal. A string {@code error}
     * ({@code {"error":"Invalid API key"}}, an auth layer's answer rather than the documented object)
     * is a message without a code. {@code null} when the body is no JSON object or its {@code error}
     * neither an object nor text.
     */
    private static Detail detail(byte[] body) {
        Object tree;
        try {
            tree = JsonCodec.read(JsonTree.ADAPTER, body);
        } catch (JsonFormatException notJson) {
            return null;
        }
        if (!(tree instanceof Map<?, ?> envelope)) {
            return null;
        }
        Object error = envelope.get("error");
        if (error instanceof String text) {
            return new Detail(null, text);
        }
        if (error instanceof Map<?, ?> members) {
            return new Detail(text(members.get("code")), text(members.get("message")));
        }
        return null;
    }

    /** A text member: a string, or a whole number sent instead read as its digits (as a session's text is); else {@code null}. */
    private static String text(Object value) {
        if (value instanceof Number number && Values.isExactWhole(number.doubleValue())) {
            return Long.toString((long) number.doubleValue());
        }
        return value instanceof String text ? text : null;
    }
}
