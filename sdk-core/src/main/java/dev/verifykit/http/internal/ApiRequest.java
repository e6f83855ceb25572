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
 * @param hold how long the service may hold the response (a long-poll), {@link Hold#NONE} for no hold
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
        Hold hold,
        String endpoint,
        Map<String, String> headers,
        long sendBy,
        List<Secret> secrets) {

    public ApiRequest {
        Objects.requireNonNull(method, "method");
        pathSegments = List.copyOf(pathSegments);
        query = frozen(query);
        headers = frozen(headers);
        hold = hold == null ? Hold.NONE : hold;
        Objects.requireNonNull(endpoint, "endpoint");
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    public static ApiRequest get(String endpoint, String... segments) {
        return new ApiRequest("GET", List.of(segments), Map.of(), null, null, true, Hold.NONE, endpoint, Map.of(), Long.MAX_VALUE, List.of());
    }

    public static ApiRequest post(String endpoint, byte[] jsonBody, String... segments) {
        return new ApiRequest("POST", List.of(segments), Map.of(), jsonBody, null, false, Hold.NONE, endpoint, Map.of(), Long.MAX_VALUE, List.of());
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

    /** This request, held by the service up to {@code value} (asked for otherwise than by a parameter). */
    public ApiRequest withHold(Duration value) {
        return withHold(new Hold(value, null, Long.MAX_VALUE));
    }

    /**
     * This request, asking by query parameter {@code parameter} to be held up to {@code longest} and
     * answered by {@code endBy} ({@link Hold}): what of it fits at {@code now} (scheduler nanoseconds),
     * not held at all when less than a second does.
     */
    public ApiRequest withHold(String parameter, Duration longest, long endBy, long now) {
        Hold hold = new Hold(longest, Objects.requireNonNull(parameter, "parameter"), endBy);
        Duration fitted = hold.at(now);
        return fitted.isZero() ? this : withQuery(parameter, Long.toString(fitted.toSeconds()))
                .withHold(new Hold(fitted, parameter, endBy));
    }

    private ApiRequest withHold(Hold value) {
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

    /**
     * How long the service may hold the response (a long-poll): {@code longest} at most, added to the
     * timeouts. When the request asks for it by query parameter {@code parameter} (whole seconds),
     * the hold must also end by {@code endBy} (scheduler nanoseconds, {@link Long#MAX_VALUE} for no
     * bound), so that the answer comes within the time of the call: it is fitted again as the request
     * leaves ({@link SendTimes}), which may be long after it was built (its turn among the session's
     * reads, a free slot of the dispatcher, a host-name lookup, a connection), and the parameter
     * then says what is left ({@link #at}).
     *
     * @param parameter the query parameter asking for the hold, or {@code null} when none does
     */
    public record Hold(Duration longest, String parameter, long endBy) {
        /** No hold. */
        public static final Hold NONE = new Hold(Duration.ZERO, null, Long.MAX_VALUE);

        public Hold {
            Objects.requireNonNull(longest, "longest");
        }

        public boolean isZero() {
            return longest.isZero();
        }

        /**
         * The hold of the request leaving at {@code now} (scheduler nanoseconds): {@code longest}, no
         * further than {@code endBy}, in whole seconds (what the parameter can say); zero, not held,
         * when less than a second is left.
         */
        public Duration at(long now) {
            if (parameter == null || endBy == Long.MAX_VALUE) {
                return longest;
            }
            long left = Math.max(0, endBy - now) / 1_000_000_000L;
            return Duration.ofSeconds(Math.min(longest.toSeconds(), left));
        }
    }

    /** Whether a failure after the request may have reached the service can be retried. */
    public boolean safeToRetry() {
        return readOnly || idempotencyKey != null;
    }
}
