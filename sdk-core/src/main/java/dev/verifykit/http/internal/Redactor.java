package dev.verifykit.http.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Removes secrets and JWTs from text that came from outside (server messages) before it is shown. */
public final class Redactor {
    public static final String MASK = "[REDACTED]";
    /** The most characters of a server's text kept in a message. */
    public static final int MAX_SERVER_TEXT = 1000;
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*");
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
        // Every JWT starts with "eyJ"; the regular expression runs only when one may be there.
        return result.contains("eyJ") ? JWT.matcher(result).replaceAll(MASK) : result;
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
