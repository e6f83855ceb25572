package dev.verifykit.dock.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Types;
import dev.verifykit.error.ApiError;
import dev.verifykit.error.ApiException;
import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.ConflictException;
import dev.verifykit.error.InvalidRequestException;
import dev.verifykit.error.NotFoundException;
import dev.verifykit.error.PermissionException;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.http.internal.ApiErrors;
import dev.verifykit.http.internal.ApiResponse;
import dev.verifykit.http.internal.ErrorMapper;
import dev.verifykit.http.internal.Redactor;
import dev.verifykit.json.internal.JsonCodec;
import dev.verifykit.json.internal.JsonFormatException;

/** Reads Dock's v2 error envelope and picks the exception for its code. */
final class DockErrorMapper implements ErrorMapper {
    /** Built at the first refusal, not with the client: a client that is never refused never pays for it. */
    private static final class ErrorEnvelope {
        static final JsonAdapter<DockWire.Envelope<Object>> ADAPTER = JsonCodec.adapter(
                Types.newParameterizedTypeWithOwner(DockWire.class, DockWire.Envelope.class, Object.class));
    }

    @Override
    public VerifyKitException toException(ApiResponse response, ApiError known, Redactor redactor) {
        DockWire.Envelope<Object> envelope = parse(response.body());
        if (envelope == null) {
            return ApiErrors.forStatus(known);
        }
        String requestId = envelope.meta() != null && envelope.meta().requestId() != null
                ? redactor.serverText(envelope.meta().requestId()) : known.requestId();
        ApiError error = new ApiError(known.service(), known.httpStatus(), redactor.serverText(envelope.error()),
                redactor.serverText(envelope.message()), requestId, known.endpoint(), known.retryAfter());
        DockWire.RateLimitMeta limit = envelope.meta() == null ? null : envelope.meta().rateLimit();
        if (limit != null && "session_polls".equals(limit.scope()) && limit.remaining() != null
                && limit.remaining() <= 0 && known.retryAfter() == null) {
            return new PollCapException(error, limit.limit() == null ? -1 : limit.limit());
        }
        return forCode(error);
    }

    private static ApiException forCode(ApiError error) {
        if (error.code() == null) {
            return ApiErrors.forStatus(error);
        }
        return switch (error.code()) {
            case "INVALID_API_KEY" -> new AuthenticationException(error);
            case "FORBIDDEN", "PREMIUM_REQUIRED" -> new PermissionException(error);
            case "SESSION_NOT_FOUND", "LINK_NOT_FOUND" -> new NotFoundException(error);
            case "RATE_LIMITED", "SHARED_IP_RATE_LIMITED", "BULK_LIMIT_EXCEEDED" -> new RateLimitException(error);
            case "CONFLICT" -> new ConflictException(error);
            case "BAD_REQUEST", "MISSING_PARAMETER", "INVALID_PARAMETER", "INVALID_BODY", "INVALID_SESSION" ->
                    new InvalidRequestException(error);
            case "INTERNAL_ERROR" -> new ServerException(error);
            default -> ApiErrors.forStatus(error);
        };
    }

    private static DockWire.Envelope<Object> parse(byte[] body) {
        try {
            DockWire.Envelope<Object> envelope = JsonCodec.read(ErrorEnvelope.ADAPTER, body);
            return envelope.error() == null && envelope.message() == null && envelope.meta() == null ? null : envelope;
        } catch (JsonFormatException notAnEnvelope) {
            return null;
        }
    }
}
