package dev.verifykit.webhook.internal;

/** Signs that a body was changed after it arrived, for the message of a failed verification. */
public final class BodyHints {
    private static final String REENCODED =
            "; the body may have been re-serialised; verify the raw bytes as received";

    private BodyHints() {}

    /** A hint to append to the message, or the empty string. */
    public static String reencoding(byte[] body) {
        int first = 0;
        while (first < body.length && isSpace(body[first])) {
            first++;
        }
        int last = body.length - 1;
        while (last >= first && isSpace(body[last])) {
            last--;
        }
        if (last <= first || !looksLikeJson(body[first], body[last])) {
            return "";
        }
        boolean padded = first > 0 || last < body.length - 1;
        return padded || hasCrLf(body) ? REENCODED : "";
    }

    private static boolean looksLikeJson(byte open, byte close) {
        return (open == '{' && close == '}') || (open == '[' && close == ']');
    }

    private static boolean hasCrLf(byte[] body) {
        for (int i = 0; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return true;
            }
        }
        return false;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
