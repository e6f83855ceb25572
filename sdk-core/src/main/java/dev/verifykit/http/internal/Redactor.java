package dev.verifykit.http.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
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
        Set<String> values = new LinkedHashSet<>(known);
        for (Secret secret : secrets) {
            if (!secret.reveal().isEmpty()) {
                values.addAll(forms(secret.reveal()));
            }
        }
        List<String> longestFirst = new ArrayList<>(values);
        // longest first: a secret holding a shorter one is masked whole before the shorter breaks it up
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(longestFirst);
    }

    /**
     * A secret as it may come back: as it is, URL-encoded (a gateway quoting the refused request,
     * with {@code +} or {@code %20} for a space) and escaped in a JSON string.
     */
    private static Set<String> forms(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        forms.add(encoded);
        forms.add(encoded.replace("+", "%20"));
        forms.add(jsonEscaped(secret));
        return forms;
    }

    private static String jsonEscaped(String secret) {
        StringBuilder out = new StringBuilder(secret.length() + 8);
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            switch (c) {
                case '"', '\\', '/' -> out.append('\\').append(c);
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
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
     * step that changed it (a host name is lower-cased as it is parsed). A text ending with a cut
     * mark ({@value #CUT}: cut before it came here, a JSON path cut to its limit, a window of a
     * body) has the start of a secret masked before the mark too: it would otherwise show all of a
     * secret but its last characters.
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            result = masked(result, secret);
        }
        if (!secrets.isEmpty()) {
            result = maskedCutStart(result);
        }
        return result.contains(JWT_START) ? maskedJwts(result) : result;
    }

    /** How this SDK marks where it cut a text. */
    private static final char CUT = '…';

    /**
     * {@code text} with the start of a secret masked where the text ends with a cut mark: a text
     * this SDK cut before it came here (a parser's message, a body's window) ends with one.
     */
    private String maskedCutStart(String text) {
        int cut = text.length() - 1;
        if (cut < 0 || text.charAt(cut) != CUT) {
            return text;
        }
        int start = cutStart(text, cut);
        return start < 0 ? text : text.substring(0, start) + MASK + CUT;
    }

    /**
     * Where the longest start of a known secret that ends at {@code at} begins, or -1. A start shorter than half the secret and than 8 characters tells too
     * little of it to be worth a mask (and would mask a word a message ends with).
     */
    private int cutStart(String text, int at) {
        int start = -1;
        for (String secret : secrets) {
            int longest = Math.min(secret.length() - 1, at);
            int shortest = Math.max(Math.min(8, (secret.length() + 1) / 2), start < 0 ? 1 : at - start + 1);
            for (int length = longest; length >= shortest; length--) {
                if (text.regionMatches(true, at - length, secret, 0, length)) {
                    start = at - length;
                    break;
                }
            }
        }
        return start;
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
     * line: redacted, its control characters escaped ({@link #escaped}), and cut to {@value
     * #MAX_SERVER_TEXT} characters, so that a hostile or broken server can neither put megabytes
     * into every message and log line, nor forge log lines, nor drive the terminal that shows them.
     * A cut text ends with the length of the text as it came (redacted).
     */
    public String serverText(String text) {
        // masked before escaped: a secret holding a control character is found as it was sent
        String redacted = redact(text);
        if (redacted == null) {
            return null;
        }
        // no character escapes to less than itself: what is kept comes from the first MAX_SERVER_TEXT
        boolean cut = redacted.length() > MAX_SERVER_TEXT;
        String shown = escaped(cut ? redacted.substring(0, MAX_SERVER_TEXT) : redacted);
        return !cut && shown.length() <= MAX_SERVER_TEXT ? shown
                : shown.substring(0, MAX_SERVER_TEXT) + "… (" + redacted.length() + " characters)";
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * {@code text} with each character that could break a line, steer a terminal or change the
     * order text is shown in written as a visible <code>&#92;uXXXX</code> (ESC as
     * <code>&#92;u001B</code>): the C0 and C1 controls (line breaks, tabs, ESC), DEL, the line and
     * paragraph separators U+2028 and U+2029, and the bidirectional embeddings, overrides and
     * isolates U+202A to U+202E and U+2066 to U+2069. Ordinary spaces stay; {@code null} stays
     * {@code null}.
     */
    public static String escaped(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isUnsafe(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append('\\').append('u');
                for (int shift = 12; shift >= 0; shift -= 4) {
                    out.append(HEX[(c >> shift) & 0xF]);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean isUnsafe(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    /** A header value fit for a log line. */
    public String headerForLog(String name, String value) {
        return SENSITIVE_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? MASK : redact(value);
    }
}
