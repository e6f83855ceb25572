package dev.verifykit.mock.internal.roblox;

/** Why a code could not be completed, with its tRPC answer and its control-plane answer. */
public final class CompletionRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The reasons, each with the RPC's code and message and the control plane's status and code. */
    public enum Reason {
        UNKNOWN_CODE(TrpcCode.BAD_REQUEST, "Invalid or expired verification code", 404, "CODE_NOT_FOUND"),
        EXPIRED_CODE(TrpcCode.BAD_REQUEST, "Verification code expired", 409, "CODE_EXPIRED"),
        UNKNOWN_USER(TrpcCode.UNAUTHORIZED, "Failed to fetch Roblox user profile", 404, "USER_NOT_FOUND"),
        NO_HEADSHOT(TrpcCode.INTERNAL_SERVER_ERROR, "Roblox user headshot not available", 409,
                "HEADSHOT_NOT_AVAILABLE");

        final TrpcCode rpcCode;
        final String message;
        private final int controlStatus;
        private final String controlCode;

        Reason(TrpcCode rpcCode, String message, int controlStatus, String controlCode) {
            this.rpcCode = rpcCode;
            this.message = message;
            this.controlStatus = controlStatus;
            this.controlCode = controlCode;
        }

        public int controlStatus() {
            return controlStatus;
        }

        public String controlCode() {
            return controlCode;
        }

        public boolean isNotFound() {
            return controlStatus == 404;
        }
    }

    private final Reason reason;

    CompletionRefused(Reason reason) {
        super(reason.message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    TrpcError toTrpc() {
        return new TrpcError(reason.rpcCode, reason.message, "completeVerification");
    }
}
