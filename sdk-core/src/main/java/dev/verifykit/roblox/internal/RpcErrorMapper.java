package dev.verifykit.roblox.internal;

import dev.verifykit.error.ApiError;
import dev.verifykit.error.ApiException;
import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.ConflictException;
import dev.verifykit.error.InvalidRequestException;
import dev.verifykit.error.NotFoundException;
import dev.verifykit.error.PermissionException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ServerException;
import dev.verifykit.http.internal.ApiErrors;
import dev.verifykit.http.internal.ApiResponse;
import dev.verifykit.http.internal.ErrorMapper;
import dev.verifykit.http.internal.Redactor;
import dev.verifykit.http.internal.RetryAfter;
import dev.verifykit.internal.Require;
import dev.verifykit.json.internal.JsonCodec;
import dev.verifykit.json.internal.JsonFormatException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads tRPC's error envelope ({@code {"error":{"message","code","data":{"code","httpStatus","path"}}}},
 * wrapped as {@code {"json": …}} under superjson) and picks the exception for its code. The retry
 * hint of a {@code TOO_MANY_REQUESTS} lives only in its message ("Try again in 12s."). A server
 * stack trace ({@code data.stack}) is never carried into a message.
 */
final class RpcErrorMapper implements ErrorMapper {
    private static final Pattern TRY_AGAIN = Pattern.compile("[Tt]ry again in\\s++(\\d++)(?:\\.(\\d{1,9})\\d*+)?\\s*+s");
    private static final Map<Integer, String> CODES_BY_NUMBER = Map.of(
            -32700, "PARSE_ERROR", -32600, "BAD_REQUEST", -32001, "UNAUTHORIZED", -32003, "FORBIDDEN",
            -32004, "NOT_FOUND", -32005, "METHOD_NOT_SUPPORTED", -32015, "UNSUPPORTED_MEDIA_TYPE",
            -32029, "TOO_MANY_REQUESTS", -32603, "INTERNAL_SERVER_ERROR");

    @Override
    public ApiException toException(ApiResponse response, ApiError known, Redactor redactor) {
        Map<?, ?> error = errorObject(response.body());
        if (error == null) {
            return ApiErrors.forStatus(known);
        }
        Map<?, ?> data = error.get("data") instanceof Map<?, ?> d ? d : Map.of();
        String code = data.get("code") instanceof String text ? text
                : error.get("code") instanceof Number number ? CODES_BY_NUMBER.get(number.intValue()) : null;
        String message = error.get("message") instanceof String text ? readable(text) : null;
        String path = data.get("path") instanceof String text ? redactor.serverText(text) : known.endpoint();
        Duration retryAfter = known.retryAfter() != null ? known.retryAfter() : tryAgainIn(message);
        ApiError read = new ApiError(known.service(), known.httpStatus(), redactor.serverText(code),
                redactor.serverText(message), known.requestId(), path, retryAfter);
        if (code == null) {
            return ApiErrors.forStatus(read);
        }
        return switch (code) {
            case "BAD_REQUEST", "PARSE_ERROR" -> new InvalidRequestException(read);
            case "UNAUTHORIZED" -> new AuthenticationException(read);
            case "FORBIDDEN" -> new PermissionException(read);
            case "NOT_FOUND" -> new NotFoundException(read);
            case "CONFLICT" -> new ConflictException(read);
            case "TOO_MANY_REQUESTS" -> new RateLimitException(read);
            case "INTERNAL_SERVER_ERROR" -> new ServerException(read);
            default -> ApiErrors.forStatus(read);
        };
    }

    /**
     * The seconds in "Try again in {s}s.", rounded up to whole milliseconds; more seconds than
     * {@link Require#LONGEST} (a server's mistake or a hostile one) read as that long, as a
     * {@code Retry-After} header's do, so that the wait is refused rather than the hint ignored.
     */
    static Duration tryAgainIn(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = TRY_AGAIN.matcher(message);
        if (!m.find()) {
            return null;
        }
        Duration whole = RetryAfter.seconds(m.group(1));
        if (m.group(2) == null || whole.equals(Require.LONGEST)) {
            return whole;
        }
        BigDecimal fraction = new BigDecimal("0." + m.group(2));
        return whole.plusMillis(fraction.movePointRight(3).setScale(0, java.math.RoundingMode.CEILING).longValueExact());
    }

    private static Map<?, ?> errorObject(byte[] body) {
        Object tree;
        try {
            tree = JsonCodec.read(RpcCodec.TREE, body);
        } catch (JsonFormatException notJson) {
            return null;
        }
        if (!(tree instanceof Map<?, ?> envelope) || !(envelope.get("error") instanceof Map<?, ?> error)) {
            return null;
        }
        if (!error.containsKey("message") && error.get("json") instanceof Map<?, ?> wrapped) {
            return wrapped;
        }
        return error;
    }

    /** A validator's issue list (a JSON array text) as "field: message; …"; other text as it is. */
    private static String readable(String message) {
        if (!message.startsWith("[")) {
            return message;
        }
        Object issues;
        try {
            issues = JsonCodec.read(RpcCodec.TREE, message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (JsonFormatException notAList) {
            return message;
        }
        if (!(issues instanceof List<?> list) || list.isEmpty()) {
            return message;
        }
        List<String> parts = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> issue) || !(issue.get("message") instanceof String text)) {
                return message;
            }
            String field = issue.get("path") instanceof List<?> path && !path.isEmpty()
                    ? String.join(".", path.stream().map(RpcErrorMapper::pathPart).toList()) : null;
            parts.add(field == null ? text : field + ": " + text);
        }
        return String.join("; ", parts);
    }

    /** A key, or an array index: JSON numbers are read as doubles, and {@code 0} is not written {@code 0.0}. */
    private static String pathPart(Object part) {
        if (part instanceof Double number && number == Math.rint(number) && Math.abs(number) < 1e15) {
            return Long.toString(number.longValue());
        }
        return String.valueOf(part);
    }
}
