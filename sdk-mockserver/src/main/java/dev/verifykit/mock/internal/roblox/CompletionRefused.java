package dev.verifykit.mock.internal.roblox;

/**
 * Why a code could not be completed (or a user not looked up), with its tRPC answer and its
 * control-plane answer. The message is the control plane's.
 */
public final class CompletionRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The reasons, each with the RPC's code and message and the control plane's status, code and message. */
    public enum Reason {
        UNKNOWN_CODE(TrpcCode.BAD_REQUEST, "Invalid or expired verification code", 404, "CODE_NOT_FOUND"),
        /** The RPC cleans expired sessions up before it looks a code up, so it cannot tell them from unknown ones. */
        EXPIRED_CODE(TrpcCode.BAD_REQUEST, "Invalid or expired verification code", 409, "CODE_EXPIRED",
                "Verification code expired"),
        UNKNOWN_USER(TrpcCode.UNAUTHORIZED, "Failed to fetch Roblox user profile", 404, "USER_NOT_FOUND"),
        NO_HEADSHOT(TrpcCode.INTERNAL_SERVER_ERROR, "Roblox user headshot not available", 409,
                "HEADSHOT_NOT_AVAILABLE");

        final TrpcCode rpcCode;
        final String rpcMessage;
        private final int controlStatus;
        private final String controlCode;
        private final String controlMessage;

        Reason(TrpcCode rpcCode, String rpcMessage, int controlStatus, String controlCode) {
            this(rpcCode, rpcMessage, controlStatus, controlCode, rpcMessage);
        }

        Reason(TrpcCode rpcCode, String rpcMessage, int controlStatus, String controlCode, String controlMessage) {
            this.rpcCode = rpcCode;
            this.rpcMessage = rpcMessage;
            this.controlStatus = controlStatus;
            this.controlCode = controlCode;
            this.controlMessage = controlMessage;
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

        boolean isAboutTheUser() {
            return this == UNKNOWN_USER || this == NO_HEADSHOT;
        }
    }

    private final Reason reason;

    CompletionRefused(Reason reason) {
        super(reason.controlMessage, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    TrpcError toTrpc() {
        return new TrpcError(reason.rpcCode, reason.rpcMessage,
                reason.isAboutTheUser() ? "fetchRobloxUserProfile" : "completeVerification");
    }
}
