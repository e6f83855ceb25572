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
import dev.verifykit.error.Service;
import dev.verifykit.http.internal.ApiErrors;
import dev.verifykit.http.internal.ApiResponse;
import dev.verifykit.http.internal.ErrorMapper;
import dev.verifykit.http.internal.Redactor;
import dev.verifykit.http.internal.RetryAfter;
import dev.verifykit.internal.Require;
import dev.verifykit.json.internal.JsonCodec;
import dev.verifykit.json.internal.JsonFormatException;
import dev.verifykit.roblox.RpcTransformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads tRPC's error envelope ({@code {"error":{"message","code","data":{"code","httpStatus","path"}}}},
 * wrapped as {@code {"json": …}} under superjson) and picks the exception for its code, whatever
 * the HTTP status that carried it (tRPC's own client decides by the body: {@link #carriedBy}). The
 * retry hint of a {@code TOO_MANY_REQUESTS} lives only in its message ("Try again in 12s."); a
 * {@code Retry-After} header (which the server never sends: a proxy's) counts only when it is the
 * longer. A server stack trace ({@code data.stack}) is never carried into a message. A
 * {@code BAD_REQUEST} whose envelope is wrapped otherwise than the client's {@link RpcTransformer}
 * says (the server read an input in the other form: "expected string, received undefined") names
 * the setting to change.
 */
final class RpcErrorMapper implements ErrorMapper {
    /** Said of a superjson-wrapped refusal of an input sent plain. */
    static final String USE_SUPERJSON = " (the server answered in superjson's {\"json\": …} envelope and read none"
            + " of the input sent plain: build the client with transformer(RpcTransformer.SUPERJSON))";
    /** Said of a plain refusal of an input sent superjson-wrapped. */
    static final String USE_NONE = " (the server answered without superjson's {\"json\": …} envelope and read none"
            + " of the input sent in one: build the client with transformer(RpcTransformer.NONE))";
    private static final Pattern TRY_AGAIN = Pattern.compile("[Tt]ry again in\\s++(\\d++)(?:\\.(\\d{1,3})(\\d*+))?\\s*+s");
    /**
     * tRPC 11's codes by their JSON-RPC numbers, every one (-32603, which its five 5xx codes share,
     * as {@code INTERNAL_SERVER_ERROR}): an error that names its code by number alone still has the
     * status tRPC gives that code.
     */
    private static final Map<Integer, String> CODES_BY_NUMBER = Map.ofEntries(Map.entry(-32700, "PARSE_ERROR"),
            Map.entry(-32600, "BAD_REQUEST"), Map.entry(-32001, "UNAUTHORIZED"), Map.entry(-32002, "PAYMENT_REQUIRED"),
            Map.entry(-32003, "FORBIDDEN"), Map.entry(-32004, "NOT_FOUND"), Map.entry(-32005, "METHOD_NOT_SUPPORTED"),
            Map.entry(-32008, "TIMEOUT"), Map.entry(-32009, "CONFLICT"), Map.entry(-32012, "PRECONDITION_FAILED"),
            Map.entry(-32013, "PAYLOAD_TOO_LARGE"), Map.entry(-32015, "UNSUPPORTED_MEDIA_TYPE"),
            Map.entry(-32022, "UNPROCESSABLE_CONTENT"), Map.entry(-32028, "PRECONDITION_REQUIRED"),
            Map.entry(-32029, "TOO_MANY_REQUESTS"), Map.entry(-32099, "CLIENT_CLOSED_REQUEST"),
            Map.entry(-32603, "INTERNAL_SERVER_ERROR"));

    private final RpcTransformer transformer;

    /** @param transformer the client's transformer: how the server's errors should be wrapped */
    RpcErrorMapper(RpcTransformer transformer) {
        this.transformer = transformer;
    }

    @Override
    public ApiException toException(ApiResponse response, ApiError known, Redactor redactor) {
        Object tree;
        try {
            tree = JsonCodec.read(RpcCodec.TREE, response.body());
        } catch (JsonFormatException notJson) {
            return ApiErrors.forStatus(known);
        }
        Map<?, ?> error = errorObject(tree);
        return error == null ? ApiErrors.forStatus(known)
                : toException(error, known, redactor, mismatch(tree, transformer));
    }

    /**
     * The error an answer's body ({@code tree}, already read) carries, whatever its HTTP status (a
     * 2xx too: tRPC's own client throws on {@code {"error":…}} whatever the status), with the status
     * the error states ({@code data.httpStatus}; else the answer's when it is a refusal, and the one
     * tRPC gives the error's code when the answer is a 2xx); {@code null} when the body is not an error
     * envelope.
     *
     * @param endpoint the procedure called, for an error that does not name its {@code data.path}
     * @param transformer the client's transformer
     */
    static ApiException carriedBy(ApiResponse response, Object tree, String endpoint, RpcTransformer transformer) {
        Map<?, ?> error = errorObject(tree);
        if (error == null) {
            return null;
        }
        int status = data(error).get("httpStatus") instanceof Number stated && stated.doubleValue() >= 400
                && stated.doubleValue() <= 599 ? stated.intValue()
                : response.status() >= 400 ? response.status() : statusOf(codeOf(error), response.status());
        ApiError known = new ApiError(Service.ROBLOX, status, null, null, response.requestId(), endpoint,
                response.retryAfter());
        return toException(error, known, response.redactor(), mismatch(tree, transformer));
    }

    /**
     * What to add to a {@code BAD_REQUEST}'s message when the error envelope ({@code tree}) is
     * wrapped otherwise than {@code transformer} wraps inputs: a server with the transformer wraps
     * every error as {@code {"json": …}}, one without wraps none; {@code ""} when they agree.
     */
    private static String mismatch(Object tree, RpcTransformer transformer) {
        boolean wrapped = errorObject(tree) != ((Map<?, ?>) tree).get("error");
        if (wrapped == (transformer == RpcTransformer.SUPERJSON)) {
            return "";
        }
        return wrapped ? USE_SUPERJSON : USE_NONE;
    }

    /**
     * The status tRPC's server answers an error of {@code code} with ({@code getHTTPStatusCodeFromError}),
     * or {@code otherwise} for a code it does not know: the status of an error carried by a 2xx that
     * states none, since the status decides retries (a {@code TOO_MANY_REQUESTS} slows a wait down, an
     * {@code INTERNAL_SERVER_ERROR} is retried) and a 200 would say the call succeeded.
     */
    private static int statusOf(String code, int otherwise) {
        Integer status = code == null ? null : STATUS_BY_CODE.get(code);
        return status != null ? status : otherwise;
    }

    private static final Map<String, Integer> STATUS_BY_CODE = Map.ofEntries(Map.entry("PARSE_ERROR", 400),
            Map.entry("BAD_REQUEST", 400), Map.entry("UNAUTHORIZED", 401), Map.entry("PAYMENT_REQUIRED", 402),
            Map.entry("FORBIDDEN", 403), Map.entry("NOT_FOUND", 404), Map.entry("METHOD_NOT_SUPPORTED", 405),
            Map.entry("TIMEOUT", 408), Map.entry("CONFLICT", 409), Map.entry("PRECONDITION_FAILED", 412),
            Map.entry("PAYLOAD_TOO_LARGE", 413), Map.entry("UNSUPPORTED_MEDIA_TYPE", 415),
            Map.entry("UNPROCESSABLE_CONTENT", 422), Map.entry("PRECONDITION_REQUIRED", 428),
            Map.entry("TOO_MANY_REQUESTS", 429),
            Map.entry("CLIENT_CLOSED_REQUEST", 499), Map.entry("INTERNAL_SERVER_ERROR", 500),
            Map.entry("NOT_IMPLEMENTED", 501), Map.entry("BAD_GATEWAY", 502), Map.entry("SERVICE_UNAVAILABLE", 503),
            Map.entry("GATEWAY_TIMEOUT", 504));

    /** The error's code: {@code data.code}, else its JSON-RPC number's name; {@code null} for neither. */
    private static String codeOf(Map<?, ?> error) {
        return data(error).get("code") instanceof String text ? text
                : error.get("code") instanceof Number number ? CODES_BY_NUMBER.get(number.intValue()) : null;
    }

    /** @param mismatch what a {@code BAD_REQUEST}'s message gets added ({@link #mismatch}) */
    private static ApiException toException(Map<?, ?> error, ApiError known, Redactor redactor, String mismatch) {
        Map<?, ?> data = data(error);
        String code = codeOf(error);
        String message = error.get("message") instanceof String text ? readable(text) : null;
        String path = data.get("path") instanceof String text ? redactor.serverText(text) : known.endpoint();
        Duration retryAfter = longer(known.retryAfter(), tryAgainIn(message));
        String shown = redactor.serverText(message);
        if ("BAD_REQUEST".equals(code) && !mismatch.isEmpty()) {
            shown = (shown == null ? "" : shown) + mismatch;
        }
        ApiError read = new ApiError(known.service(), known.httpStatus(), redactor.serverText(code),
                shown, known.requestId(), path, retryAfter);
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

    private static Map<?, ?> data(Map<?, ?> error) {
        return error.get("data") instanceof Map<?, ?> d ? d : Map.of();
    }

    /**
     * The later of two hints, either possibly {@code null}: the server states its window only in the
     * message, so a shorter {@code Retry-After} (a proxy's default, a stale date) would only have the
     * next request refused again.
     */
    private static Duration longer(Duration header, Duration message) {
        return header == null || message != null && message.compareTo(header) > 0 ? message : header;
    }

    /**
     * The seconds in "Try again in {s}s.", rounded up to whole milliseconds (however many decimals
     * it has: past the third, any that is not 0 adds a millisecond); more seconds than
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
        // counted, not parsed as one number: a BigDecimal of the megabytes of decimals a hostile body may hold takes minutes
        long millis = Long.parseLong((m.group(2) + "00").substring(0, 3));
        boolean more = m.group(3).chars().anyMatch(digit -> digit != '0');
        return whole.plusMillis(more ? millis + 1 : millis);
    }

    private static Map<?, ?> errorObject(Object tree) {
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
