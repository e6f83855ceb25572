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
        List<String> values = new ArrayList<>();
        for (Secret secret : secrets) {
            if (!secret.reveal().isEmpty()) {
                values.add(secret.reveal());
            }
        }
        this.secrets = List.copyOf(values);
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    /** The text with every known secret and anything shaped like a JWT masked; {@code null} stays {@code null}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        // Every JWT starts with "eyJ"; the regular expression runs only when one may be there.
        return result.contains("eyJ") ? JWT.matcher(result).replaceAll(MASK) : result;
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
