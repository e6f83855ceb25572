package dev.verifykit.mock.internal.roblox;

/**
 * The tRPC 11 error codes, with their JSON-RPC numbers and HTTP statuses: those the server answers
 * with, and the rest for an injected status. Not {@code PARSE_ERROR}: tRPC 11 reports a body
 * {@code JSON.parse} refuses as {@code BAD_REQUEST}.
 */
enum TrpcCode {
    BAD_REQUEST(-32600, 400),
    UNAUTHORIZED(-32001, 401),
    PAYMENT_REQUIRED(-32002, 402),
    FORBIDDEN(-32003, 403),
    NOT_FOUND(-32004, 404),
    METHOD_NOT_SUPPORTED(-32005, 405),
    TIMEOUT(-32008, 408),
    CONFLICT(-32009, 409),
    PRECONDITION_FAILED(-32012, 412),
    PAYLOAD_TOO_LARGE(-32013, 413),
    UNSUPPORTED_MEDIA_TYPE(-32015, 415),
    UNPROCESSABLE_CONTENT(-32022, 422),
    PRECONDITION_REQUIRED(-32028, 428),
    TOO_MANY_REQUESTS(-32029, 429),
    CLIENT_CLOSED_REQUEST(-32099, 499),
    INTERNAL_SERVER_ERROR(-32603, 500),
    NOT_IMPLEMENTED(-32603, 501),
    BAD_GATEWAY(-32603, 502),
    SERVICE_UNAVAILABLE(-32603, 503),
    GATEWAY_TIMEOUT(-32603, 504);

    final int number;
    final int httpStatus;

    TrpcCode(int number, int httpStatus) {
        this.number = number;
        this.httpStatus = httpStatus;
    }
}
