package dev.verifykit.mock.internal.roblox;

/** tRPC error codes with their JSON-RPC numbers and HTTP statuses. */
enum TrpcCode {
    PARSE_ERROR(-32700, 400),
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
