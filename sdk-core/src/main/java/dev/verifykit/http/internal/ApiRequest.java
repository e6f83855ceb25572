package dev.verifykit.http.internal;

import dev.verifykit.http.IdempotencyKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request as a service client describes it: method, path segments below the base URL, query,
 * JSON body, and what makes it safe to retry.
 *
 * @param endpoint a name for messages and errors, e.g. {@code "GET /v2/sessions/{id}"}
 * @param readOnly whether repeating it changes nothing (then it is retried even as a POST)
 * @param hold how long the service may hold the response (a long-poll); added to the timeouts
 * @param sendBy the latest it may leave, in the client's scheduler's nanoseconds ({@link Long#MAX_VALUE}
 *     for any time): an attempt that could not be written by then fails without sending it
 * @param secrets values the request carries that must not be shown (a one-time code in its body):
 *     masked, besides the client's credentials, in whatever its answers put into messages
 */
public record ApiRequest(
        String method,
        List<String> pathSegments,
        Map<String, String> query,
        byte[] jsonBody,
        IdempotencyKey idempotencyKey,
        boolean readOnly,
        Duration hold,
        String endpoint,
        Map<String, String> headers,
        long sendBy,
        List<Secret> secrets) {

    public ApiRequest {
        Objects.requireNonNull(method, "method");
        pathSegments = List.copyOf(pathSegments);
        query = frozen(query);
        headers = frozen(headers);
        hold = hold == null ? Duration.ZERO : hold;
        Objects.requireNonNull(endpoint, "endpoint");
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    public static ApiRequest get(String endpoint, String... segments) {
        return new ApiRequest("GET", List.of(segments), Map.of(), null, null, true, Duration.ZERO, endpoint, Map.of(), Long.MAX_VALUE, List.of());
    }

    public static ApiRequest post(String endpoint, byte[] jsonBody, String... segments) {
        return new ApiRequest("POST", List.of(segments), Map.of(), jsonBody, null, false, Duration.ZERO, endpoint, Map.of(), Long.MAX_VALUE, List.of());
    }

    public ApiRequest withQuery(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(query);
        copy.put(name, value);
        return new ApiRequest(method, pathSegments, copy, jsonBody, idempotencyKey, readOnly, hold, endpoint, headers, sendBy, secrets);
    }

    public ApiRequest withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiRequest(method, pathSegments, query, jsonBody, idempotencyKey, readOnly, hold, endpoint, copy, sendBy, secrets);
    }

    /** Sends {@code Idempotency-Key} on every attempt, which makes a write safe to retry. */
    public ApiRequest withIdempotencyKey(IdempotencyKey key) {
        return new ApiRequest(method, pathSegments, query, jsonBody, key, readOnly, hold, endpoint, headers, sendBy, secrets);
    }

    /** Marks a POST that only reads (an RPC status check), so it may be retried. */
    public ApiRequest asReadOnly() {
        return new ApiRequest(method, pathSegments, query, jsonBody, idempotencyKey, true, hold, endpoint, headers, sendBy, secrets);
    }

    public ApiRequest withHold(Duration value) {
        return new ApiRequest(method, pathSegments, query, jsonBody, idempotencyKey, readOnly, value, endpoint, headers, sendBy, secrets);
    }

    /** This request, to be sent by {@code nanos} (scheduler time) or not at all. */
    public ApiRequest withSendBy(long nanos) {
        return new ApiRequest(method, pathSegments, query, jsonBody, idempotencyKey, readOnly, hold, endpoint, headers, nanos, secrets);
    }

    /** This request, with {@code secret} masked in what its answers put into messages. */
    public ApiRequest withSecret(Secret secret) {
        List<Secret> more = new ArrayList<>(secrets);
        more.add(secret);
        return new ApiRequest(method, pathSegments, query, jsonBody, idempotencyKey, readOnly, hold, endpoint, headers, sendBy, more);
    }

    /** An unmodifiable copy in {@code map}'s order; nothing built for an empty one (most requests). */
    private static Map<String, String> frozen(Map<String, String> map) {
        return map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Whether a failure after the request may have reached the service can be retried. */
    public boolean safeToRetry() {
        return readOnly || idempotencyKey != null;
    }
}
