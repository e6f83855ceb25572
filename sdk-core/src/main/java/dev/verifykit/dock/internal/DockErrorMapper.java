package dev.verifykit.dock.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
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
import dev.verifykit.json.internal.JsonTree;
import dev.verifykit.json.internal.JsonFormatException;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;
import okio.Buffer;

/**
 * Reads Dock's v2 error envelope and picks the exception for its code; each refusal is shown to
 * {@code refused} first (its rate-limit headers count as a success's do).
 */
final class DockErrorMapper implements ErrorMapper {
    private final Consumer<ApiResponse> refused;

    DockErrorMapper(Consumer<ApiResponse> refused) {
        this.refused = refused;
    }

    /** Built at the first refusal, not with the client: a client that is never refused never pays for it. */
    private static final class Tree {
        static final JsonAdapter<Object> ADAPTER = JsonTree.ADAPTER;
    }

    /**
     * What a refusal's envelope says, each member read on its own: one of an unexpected type (a
     * {@code status} as text, a fractional {@code limit}) is left out, not the whole envelope with
     * it, so the code, message, request id and the poll-cap mark still count.
     */
    private record Refusal(String error, String message, String requestId, String scope, Integer limit, Integer remaining) {}

    @Override
    public VerifyKitException toException(ApiResponse response, ApiError known, Redactor redactor) {
        refused.accept(response);
        Refusal refusal = parse(response.body());
        if (refusal == null) {
            return ApiErrors.forStatus(known);
        }
        String requestId = refusal.requestId() != null ? redactor.serverText(refusal.requestId()) : known.requestId();
        ApiError error = new ApiError(known.service(), known.httpStatus(), redactor.serverText(refusal.error()),
                redactor.serverText(refusal.message()), requestId, known.endpoint(), known.retryAfter());
        // no reads left is the cap, whatever else the refusal says: the reference documents a
        // Retry-After on every 429, and a session's reads never come back (an interval refusal has
        // reads left)
        if ("session_polls".equals(refusal.scope()) && refusal.remaining() != null && refusal.remaining() <= 0) {
            return new PollCapException(error, refusal.limit() == null ? -1 : refusal.limit());
        }
        return forCode(error);
    }

    /** The envelope's {@code meta.requestId}, read without building the body's tree. */
    @Override
    public String requestIdIn(byte[] body) {
        try (JsonReader reader = JsonReader.of(new Buffer().write(body))) {
            if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
                return null;
            }
            reader.beginObject();
            if (!skipTo(reader, RequestIdNames.META) || reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
                return null;
            }
            reader.beginObject();
            return skipTo(reader, RequestIdNames.REQUEST_ID) && reader.peek() == JsonReader.Token.STRING
                    ? reader.nextString() : null;
        } catch (IOException | JsonDataException notAnEnvelope) {
            return null;
        }
    }

    /** Skips the members of the object being read up to the one named by {@code name}; false when it has none. */
    private static boolean skipTo(JsonReader reader, JsonReader.Options name) throws IOException {
        while (reader.hasNext()) {
            if (reader.selectName(name) == 0) {
                return true;
            }
            reader.skipName();
            reader.skipValue();
        }
        return false;
    }

    /** The names {@link #requestIdIn} looks for, parsed into Okio options at its first use. */
    private static final class RequestIdNames {
        static final JsonReader.Options META = JsonReader.Options.of("meta");
        static final JsonReader.Options REQUEST_ID = JsonReader.Options.of("requestId");
    }

    private static ApiException forCode(ApiError error) {
        if (error.code() == null) {
            return ApiErrors.forStatus(error);
        }
        return switch (error.code()) {
            case "INVALID_API_KEY" -> new AuthenticationException(error);
            case "FORBIDDEN", "PREMIUM_REQUIRED" -> new PermissionException(error);
            case "SESSION_NOT_FOUND", "SESSION_EXPIRED", "LINK_NOT_FOUND" -> new NotFoundException(error);
            case "RATE_LIMITED", "SHARED_IP_RATE_LIMITED", "BULK_LIMIT_EXCEEDED" -> new RateLimitException(error);
            case "CONFLICT" -> new ConflictException(error);
            case "BAD_REQUEST", "MISSING_PARAMETER", "INVALID_PARAMETER", "INVALID_BODY", "INVALID_SESSION" ->
                    new InvalidRequestException(error);
            case "INTERNAL_ERROR" -> new ServerException(error);
            default -> ApiErrors.forStatus(error);
        };
    }

    /** The envelope's members, or {@code null} when the body is no JSON object or has none of them. */
    private static Refusal parse(byte[] body) {
        Object tree;
        try {
            tree = JsonCodec.read(Tree.ADAPTER, body);
        } catch (JsonFormatException notJson) {
            return null;
        }
        if (!(tree instanceof Map<?, ?> envelope)) {
            return null;
        }
        Map<?, ?> meta = envelope.get("meta") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> limit = meta.get("rateLimit") instanceof Map<?, ?> l ? l : Map.of();
        Refusal refusal = new Refusal(text(envelope.get("error")), text(envelope.get("message")), text(meta.get("requestId")),
                text(limit.get("scope")), count(limit.get("limit")), count(limit.get("remaining")));
        return refusal.error() == null && refusal.message() == null && refusal.requestId() == null
                && refusal.scope() == null ? null : refusal;
    }

    private static String text(Object value) {
        return value instanceof String text ? text : null;
    }

    /** A count (a whole number from 0 that an {@code int} holds), or {@code null} for anything else. */
    private static Integer count(Object value) {
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (d == Math.rint(d) && d >= 0 && d <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        return null;
    }
}
