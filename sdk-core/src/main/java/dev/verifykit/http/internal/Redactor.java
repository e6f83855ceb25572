package dev.verifykit.http.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Removes secrets and JWTs from text that came from outside (server messages) before it is shown. */
public final class Redactor {
    public static final String MASK = "[REDACTED]";
    /** The most characters of a server's text kept in a message. */
    public static final int MAX_SERVER_TEXT = 1000;
    /** How every JWT starts: the base64url of <code>{"</code>. */
    private static final String JWT_START = "eyJ";
    private static final Set<String> SENSITIVE_HEADERS =
            Set.of("authorization", "proxy-authorization", "cookie", "set-cookie", "x-verification-secret");

    private final List<String> secrets;

    public Redactor(Collection<Secret> secrets) {
        this(List.of(), secrets);
    }

    private Redactor(List<String> known, Collection<Secret> secrets) {
        List<String> values = new ArrayList<>(known);
        for (Secret secret : secrets) {
            if (!secret.reveal().isEmpty()) {
                values.add(secret.reveal());
            }
        }
        this.secrets = List.copyOf(values);
    }

    /** This redactor masking {@code more} too (a request's own secrets); itself when there are none. */
    public Redactor with(Collection<Secret> more) {
        return more.isEmpty() ? this : new Redactor(secrets, more);
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    /**
     * The text with every known secret, in any letter case, and anything shaped like a JWT masked;
     * {@code null} stays {@code null}. Any case, since what a server echoes may have passed through a
     * step that changed it (a host name is lower-cased as it is parsed).
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            result = masked(result, secret);
        }
        return result.contains(JWT_START) ? maskedJwts(result) : result;
    }

    /**
     * {@code text} with everything shaped like a JWT masked: {@code eyJ}, at least two more
     * base64url characters, a dot, at least two, a dot, and any number. Read in one pass, each
     * character a bounded number of times, since the text is a server's: a regular expression
     * tries again from every {@code eyJ} and scans the run after it each time, so a message of
     * {@code eyJeyJeyJ…} (4 MiB are allowed) would cost the caller's thread hours. Where a try
     * fails, no {@code eyJ} before the character it failed on can succeed (each would end its run
     * at the same character), so the search goes on from there.
     */
    static String maskedJwts(CharSequence text) {
        StringBuilder out = null;
        int copied = 0;
        int at = indexOf(text, 0);
        while (at >= 0) {
            int header = runEnd(text, at + JWT_START.length());
            int next = header;
            if (header - at - JWT_START.length() >= 2 && isDot(text, header)) {
                int payload = runEnd(text, header + 1);
                next = payload;
                if (payload - header - 1 >= 2 && isDot(text, payload)) {
                    next = runEnd(text, payload + 1);
                    if (out == null) {
                        out = new StringBuilder(text.length());
                    }
                    out.append(text, copied, at).append(MASK);
                    copied = next;
                }
            }
            at = indexOf(text, next);
        }
        return out == null ? text.toString() : out.append(text, copied, text.length()).toString();
    }

    /** Where {@value #JWT_START} next starts at or after {@code from}, or -1. */
    private static int indexOf(CharSequence text, int from) {
        for (int i = from; i <= text.length() - JWT_START.length(); i++) {
            if (text.charAt(i) == 'e' && text.charAt(i + 1) == 'y' && text.charAt(i + 2) == 'J') {
                return i;
            }
        }
        return -1;
    }

    /** The end of the run of base64url characters starting at {@code from}. */
    private static int runEnd(CharSequence text, int from) {
        int i = from;
        while (i < text.length() && isBase64Url(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static boolean isDot(CharSequence text, int i) {
        return i < text.length() && text.charAt(i) == '.';
    }

    /** {@code text} with every occurrence of {@code secret}, ignoring letter case, masked. */
    private static String masked(String text, String secret) {
        int length = secret.length();
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i <= text.length() - length; i++) {
            if (text.regionMatches(true, i, secret, 0, length)) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, i).append(MASK);
                copied = i + length;
                i = copied - 1;
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /**
     * Text a server sent (a message, a code, a request id) fit for an exception message or a log
     * line: redacted, and cut to {@value #MAX_SERVER_TEXT} characters, so that a hostile or broken
     * server cannot put megabytes into every message and log line.
     */
    public String serverText(String text) {
        String redacted = redact(text);
        return redacted == null || redacted.length() <= MAX_SERVER_TEXT ? redacted
                : redacted.substring(0, MAX_SERVER_TEXT) + "… (" + redacted.length() + " characters)";
    }

    /** A header value fit for a log line. */
    public String headerForLog(String name, String value) {
        return SENSITIVE_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? MASK : redact(value);
    }
}
