package dev.verifykit.mock.internal.roblox;

/** A refusal answered in the tRPC error shape; {@code where} names the fake stack frame. */
final class TrpcError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final TrpcCode code;
    final String where;

    TrpcError(TrpcCode code, String message, String where) {
        super(message, null, false, false);
        this.code = code;
        this.where = where;
    }
}
