package dev.verifykit.http.internal;

import dev.verifykit.error.ApiError;
import dev.verifykit.error.VerifyKitException;

/**
 * A service's reading of its error responses. It gets what the transport already knows (status,
 * request id, {@code Retry-After}, endpoint) and adds what the body says: usually an
 * {@link dev.verifykit.error.ApiException}, or what the refusal means for the caller (a used-up
 * poll cap).
 */
@FunctionalInterface
public interface ErrorMapper {
    /**
     * @param response the non-2xx response
     * @param known the status, request id, {@code Retry-After} and endpoint, with no code or message yet
     * @param redactor to clean any text taken from the body
     */
    VerifyKitException toException(ApiResponse response, ApiError known, Redactor redactor);

    /**
     * The request id a body carries (Dock's envelope: {@code meta.requestId}), for an answer that
     * came without an {@code X-Request-Id} header; {@code null} when it has none or cannot be read.
     */
    default String requestIdIn(byte[] body) {
        return null;
    }

    /** Maps by HTTP status alone, for bodies that say nothing usable (an HTML error page). */
    static ErrorMapper byStatus() {
        return (response, known, redactor) -> ApiErrors.forStatus(known);
    }
}
