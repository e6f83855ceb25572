package dev.verifykit.mock.internal.roblox;

/**
 * Why a code could not be completed, or a user not looked up (completion and refresh). The message
 * is the control plane's; the RPC, the control plane and the Java control each answer the reason
 * their own way.
 */
public final class CompletionRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The reasons, each with the control plane's message. */
    public enum Reason {
        UNKNOWN_CODE("Invalid or expired verification code"),
        EXPIRED_CODE("Verification code expired"),
        UNKNOWN_USER("Failed to fetch Roblox user profile"),
        NO_HEADSHOT("Roblox user headshot not available");

        private final String message;

        Reason(String message) {
            this.message = message;
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
}
