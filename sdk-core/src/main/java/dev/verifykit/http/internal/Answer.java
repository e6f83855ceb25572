package dev.verifykit.http.internal;

import dev.verifykit.http.RawResponse;
import java.util.Optional;

/**
 * A call's answer and the value read from it. A plain call gives only the value; the raw form
 * (headers copied into a map, rate limits, the key sent) is built only when a caller asks for it,
 * so that a plain call does not pay for it.
 *
 * @param request the request sent
 * @param response its answer, read in full
 * @param attempts how many attempts the call made to get it
 * @param value what was read from it ({@code null} for a call that answers none)
 * @param <T> the value's type
 */
public record Answer<T>(ApiRequest request, ApiResponse response, int attempts, T value) {
    /** An answer got by {@link HttpTransport#send} (its attempts counted there). */
    public static <T> Answer<T> of(ApiRequest request, ApiResponse response, T value) {
        return new Answer<>(request, response, response.attempts(), value);
    }

    /**
     * The raw form: status, headers, request id, rate limits, the idempotency key the request
     * carried, and the value. A header's name that holds one of the client's secrets (a server or a
     * proxy echoing a credential into it) has it masked, as the names of a session's unknown fields
     * do: its {@code toString()} shows the names. The values are the server's, unmasked.
     */
    public RawResponse<T> raw() {
        return RawResponse.<T>builder().statusCode(response.status())
                .headers(ReflectedSecrets.names(response.redactor(), response.headers().toMultimap()))
                .requestId(Optional.ofNullable(response.requestId())).rateLimit(Optional.ofNullable(response.rateLimit()))
                .idempotencyKey(Optional.ofNullable(request.idempotencyKey())).attempts(attempts).value(value).build();
    }
}
