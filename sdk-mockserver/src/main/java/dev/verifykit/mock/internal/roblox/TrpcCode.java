package dev.verifykit.mock.internal.roblox;

/**
 * The tRPC error codes the server answers with, with their JSON-RPC numbers and HTTP statuses. Not
 * {@code PARSE_ERROR}: tRPC 11 reports a body {@code JSON.parse} refuses as {@code BAD_REQUEST}.
 */
enum TrpcCode {
    BAD_REQUEST(-32600, 400),
    UNAUTHORIZED(-32001, 401),
    FORBIDDEN(-32003, 403),
    NOT_FOUND(-32004, 404),
    METHOD_NOT_SUPPORTED(-32005, 405),
    PAYLOAD_TOO_LARGE(-32013, 413),
    UNSUPPORTED_MEDIA_TYPE(-32015, 415),
    TOO_MANY_REQUESTS(-32029, 429),
    INTERNAL_SERVER_ERROR(-32603, 500);

    final int number;
    final int httpStatus;

    TrpcCode(int number, int httpStatus) {
        this.number = number;
        this.httpStatus = httpStatus;
    }
}
