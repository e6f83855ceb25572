package dev.verifykit.http.internal;

import dev.verifykit.internal.Escapes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Removes secrets and JWTs from text that came from outside (server messages) before it is shown. */
public final class Redactor {
    public static final String MASK = "[REDACTED]";
    /** The most characters of a server's text kept in a message. */
    public static final int MAX_SERVER_TEXT = 1000;
    /** How every JWT starts: the base64url of <code>{"</code>. */
    private static final String JWT_START = "eyJ";

    /** The secrets, longest first: a secret holding a shorter one is masked whole before the shorter breaks it up. */
    private final List<Known> secrets;
    /**
     * The secrets looked for in an answer's data ({@link #reflectedMasked}): those of at least
     * {@value #LEAST_REFLECTED} characters. A shorter one (a test key: {@code test}) is found in
     * data no server took from a header (a client id {@code test-user-1}), which masking would change.
     */
    private final List<Known> reflectable;
    private static final int LEAST_REFLECTED = 8;

    public Redactor(Collection<Secret> secrets) {
        this(List.of(), secrets);
    }

    private Redactor(List<Known> known, Collection<Secret> more) {
        Map<String, Known> values = new LinkedHashMap<>();
        for (Known secret : known) {
            values.put(secret.value, secret);
        }
        for (Secret secret : more) {
            if (!secret.reveal().isEmpty()) {
                values.computeIfAbsent(secret.reveal(), Known::new);
            }
        }
        List<Known> longestFirst = new ArrayList<>(values.values());
        longestFirst.sort(Comparator.comparingInt((Known k) -> k.value.length()).reversed());
        this.secrets = List.copyOf(longestFirst);
        this.reflectable = secrets.stream().filter(k -> k.codePoints.length >= LEAST_REFLECTED).toList();
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
     * {@code null} stays {@code null}. A secret is found as it may come back ({@link Known}): as it
     * is, percent-encoded by any encoder (each character as it is or as {@code %XX}, a space also as
     * {@code +}), escaped in a JSON string, or broken by a line break. Any case, since what a server
     * echoes may have passed through a step that changed it (a host name is lower-cased as it is
     * parsed). A text ending with a cut mark ({@value #CUT}: cut before it came here, a JSON path cut
     * to its limit, a window of a body) has the start of a secret masked before the mark too: it would
     * otherwise show all of a secret but its last characters.
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = maskedEach(text, secrets);
        if (!secrets.isEmpty()) {
            result = maskedCutStart(result);
        }
        return result.contains(JWT_START) ? maskedJwts(result) : result;
    }

    /**
     * A value of an answer (a session's field) with the known secrets of at least {@value
     * #LEAST_REFLECTED} characters masked, found as {@link #redact} finds them; {@code text} itself
     * when it holds none. A value is data, not a text this SDK cut: no start of a secret before a cut
     * mark is masked, nor anything shaped like a JWT.
     */
    public String reflectedMasked(String text) {
        return maskedEach(text, reflectable);
    }

    /** {@code text} with each of {@code secrets} masked in turn; {@code text} itself when it holds none. */
    private static String maskedEach(String text, List<Known> secrets) {
        String result = text;
        for (int i = 0; i < secrets.size(); i++) { // indexed: called for every text value of every answer
            result = masked(result, secrets.get(i));
        }
        return result;
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
        int start = -1;
        for (Known secret : secrets) {
            int from = secret.cutStart(text, cut, start < 0 ? cut : start);
            if (from >= 0) {
                start = from;
            }
        }
        return start < 0 ? text : text.substring(0, start) + MASK + CUT;
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

    /** {@code text} with every occurrence of {@code secret}, in any of its forms, masked. */
    static String masked(CharSequence text, Known secret) {
        if (text.length() < secret.codePoints.length) {
            return text.toString(); // each character of the secret takes at least one in every form
        }
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < text.length(); ) {
            int end = secret.mayStartWith(text.charAt(i)) ? secret.matchEnd(text, i, text.length()) : -1;
            if (end < 0) {
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, i).append(MASK);
            copied = end;
            i = end;
        }
        return out == null ? text.toString() : out.append(text, copied, text.length()).toString();
    }

    /**
     * A secret, and how to find it in a text in the forms it may come back in, in one pass over the
     * text: at each place, the secret as it is (any letter case), or else read character by
     * character, each of which may come as it is, percent-encoded ({@code %XX}, either case, its
     * UTF-8 bytes; {@code +} for a space), or JSON-escaped (<code>&#92;/</code>, <code>&#92;u002F</code>),
     * with one line break (CR, LF or CRLF) allowed between two of them (a text wrapped), followed by
     * up to {@value #MAX_FOLD} spaces or tabs (folded: RFC 5322's and HTTP's obsolete line folding).
     * Java's {@code URLEncoder} encodes every reserved character, Python's {@code quote} keeps
     * {@code /}, Go's {@code PathEscape} keeps {@code + = : @}, JavaScript's {@code encodeURIComponent}
     * keeps {@code ! ' ( ) ~}: each character is taken in whichever form it came. Each character's form
     * is chosen where it stands (an escape that decodes to it, else itself), never revisited, so a
     * try reads at most a bounded number of characters per character of the secret, whatever the text.
     */
    static final class Known {
        /** The most spaces or tabs taken after a line break inside a secret (a folded line's indent). */
        private static final int MAX_FOLD = 8;
        /** The most characters one character of a secret takes in a text: 4 UTF-8 bytes as {@code %XX}, and a folded line break. */
        private static final int MAX_FORM = 12 + 2 + MAX_FOLD;

        final String value;
        private final int[] codePoints;
        private final byte[][] utf8;
        /** Which ASCII characters a form of the secret may start with (see {@link #mayStartWith}). */
        private final boolean[] asciiStarts = new boolean[0x80];

        Known(String value) {
            this.value = value;
            this.codePoints = value.codePoints().toArray();
            this.utf8 = new byte[codePoints.length][];
            for (int k = 0; k < codePoints.length; k++) {
                utf8[k] = new String(Character.toChars(codePoints[k])).getBytes(StandardCharsets.UTF_8);
            }
            if (codePoints[0] < 0x80) {
                for (char c : new char[] {(char) Character.toUpperCase(codePoints[0]), (char) Character.toLowerCase(codePoints[0]), '%', '\\', '+'}) {
                    asciiStarts[c] = true;
                }
            } else {
                Arrays.fill(asciiStarts, true);
            }
        }

        /**
         * Whether a form of the secret may start with {@code c}: its first character in either case, the
         * start of an escape, or any non-ASCII character (a few fold to an ASCII letter, as the Kelvin
         * sign does to {@code k}). A quick test that most characters of a text fail.
         */
        boolean mayStartWith(char c) {
            return c >= 0x80 || asciiStarts[c];
        }

        /** Where the secret, in some form, starting at {@code at} ends (within {@code limit}), or -1. */
        int matchEnd(CharSequence text, int at, int limit) {
            if (regionMatches(text, at, limit, value, value.length())) {
                return at + value.length();
            }
            int p = at;
            for (int k = 0; k < codePoints.length; k++) {
                p = next(text, p, limit, k);
                if (p < 0) {
                    return -1;
                }
            }
            return p;
        }

        /**
         * Where, in {@code text} ending at {@code cut}, the longest start of this secret that ends at
         * the cut begins, when it starts before {@code before}; or -1. A start shorter than half the
         * secret and than 8 characters tells too little of it to be worth a mask (and would mask a word
         * a message ends with).
         */
        int cutStart(CharSequence text, int cut, int before) {
            int shortest = Math.min(8, (codePoints.length + 1) / 2);
            long span = (long) MAX_FORM * codePoints.length;
            for (int s = (int) Math.max(0, cut - span); s < before && cut - s >= shortest; s++) {
                if (prefixReaches(text, s, cut, shortest)) {
                    return s;
                }
            }
            return -1;
        }

        /** Whether the text from {@code s} to {@code cut} is, in some form, a start of at least {@code shortest} characters of the secret (not all of it). */
        private boolean prefixReaches(CharSequence text, int s, int cut, int shortest) {
            int length = cut - s;
            if (length < value.length() && length >= shortest && regionMatches(text, s, cut, value, length)) {
                return true;
            }
            int p = s;
            for (int k = 0; k < codePoints.length - 1; k++) {
                p = next(text, p, cut, k);
                if (p < 0) {
                    return false;
                }
                if (p == cut) {
                    return k + 1 >= shortest;
                }
            }
            return false;
        }

        /** Where character {@code k} of the secret, in some form, starting at {@code p}, ends; or -1. */
        private int next(CharSequence text, int p, int limit, int k) {
            int end = form(text, p, limit, k);
            if (end < 0 && k > 0) {
                int after = afterLineBreak(text, p, limit);
                end = after == p ? -1 : form(text, after, limit, k);
                int folded = end < 0 && after > p ? afterFold(text, after, limit) : after;
                end = folded == after ? end : form(text, folded, limit, k);
            }
            return end;
        }

        private int form(CharSequence text, int p, int limit, int k) {
            if (p >= limit) {
                return -1;
            }
            char c = text.charAt(p);
            int cp = codePoints[k];
            if (c == '%') {
                int end = percentEncoded(text, p, limit, k);
                if (end >= 0) {
                    return end;
                }
            } else if (c == '\\') {
                int end = jsonEscaped(text, p, limit, cp);
                if (end >= 0) {
                    return end;
                }
            } else if (c == '+' && cp == ' ') {
                return p + 1;
            }
            if (Character.isHighSurrogate(c) && p + 1 < limit && Character.isLowSurrogate(text.charAt(p + 1))) {
                return sameIgnoringCase(Character.toCodePoint(c, text.charAt(p + 1)), cp) ? p + 2 : -1;
            }
            return sameIgnoringCase(c, cp) ? p + 1 : -1;
        }

        /** The end of character {@code k}'s UTF-8 bytes as {@code %XX} each at {@code p}, or -1. */
        private int percentEncoded(CharSequence text, int p, int limit, int k) {
            byte[] bytes = utf8[k];
            int q = p;
            for (byte b : bytes) {
                if (q + 2 >= limit || text.charAt(q) != '%') {
                    return -1;
                }
                int hi = hexDigit(text.charAt(q + 1));
                int lo = hexDigit(text.charAt(q + 2));
                if (hi < 0 || lo < 0) {
                    return -1;
                }
                int decoded = hi << 4 | lo;
                if (bytes.length == 1 ? !sameIgnoringCase(decoded, codePoints[k]) : decoded != (b & 0xff)) {
                    return -1;
                }
                q += 3;
            }
            return q;
        }

        /** The end of a JSON string's escape of {@code cp} at {@code p}, or -1. */
        private static int jsonEscaped(CharSequence text, int p, int limit, int cp) {
            if (p + 1 >= limit) {
                return -1;
            }
            char e = text.charAt(p + 1);
            if (e != 'u') {
                int decoded = switch (e) {
                    case '"', '\\', '/' -> e;
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> -1;
                };
                return decoded >= 0 && sameIgnoringCase(decoded, cp) ? p + 2 : -1;
            }
            int unit = hex4(text, p + 2, limit);
            if (unit < 0) {
                return -1;
            }
            if (Character.isHighSurrogate((char) unit) && Character.isSupplementaryCodePoint(cp)) {
                int low = p + 7 < limit && text.charAt(p + 6) == '\\' && text.charAt(p + 7) == 'u' ? hex4(text, p + 8, limit) : -1;
                return low >= 0 && Character.toCodePoint((char) unit, (char) low) == cp ? p + 12 : -1;
            }
            return sameIgnoringCase(unit, cp) ? p + 6 : -1;
        }

        private static int hex4(CharSequence text, int p, int limit) {
            if (p + 4 > limit) {
                return -1;
            }
            int value = 0;
            for (int i = p; i < p + 4; i++) {
                int digit = hexDigit(text.charAt(i));
                if (digit < 0) {
                    return -1;
                }
                value = value << 4 | digit;
            }
            return value;
        }

        /** An ASCII hexadecimal digit's value, or -1 ({@code Character.digit} takes other scripts' digits too). */
        private static int hexDigit(char c) {
            return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        }

        /** {@code p} past one line break (CRLF, LF or CR) there, or {@code p}. */
        private static int afterLineBreak(CharSequence text, int p, int limit) {
            if (p < limit && text.charAt(p) == '\r') {
                return p + 1 < limit && text.charAt(p + 1) == '\n' ? p + 2 : p + 1;
            }
            return p < limit && text.charAt(p) == '\n' ? p + 1 : p;
        }

        /** {@code p} past the spaces or tabs that fold a line there (at most {@link #MAX_FOLD}), or {@code p}. */
        private static int afterFold(CharSequence text, int p, int limit) {
            int after = p;
            while (after - p < MAX_FOLD && after < limit && (text.charAt(after) == ' ' || text.charAt(after) == '\t')) {
                after++;
            }
            return after;
        }

        /** {@code String.regionMatches(true, …)} over a {@code CharSequence}: {@code length} characters of {@code value} at {@code at}. */
        private static boolean regionMatches(CharSequence text, int at, int limit, String value, int length) {
            if (at + length > limit) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (!sameIgnoringCase(text.charAt(at + i), value.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        /** As {@code String.regionMatches} with {@code ignoreCase} compares two characters. */
        private static boolean sameIgnoringCase(int a, int b) {
            if (a == b) {
                return true;
            }
            if ((a | b) < 0x80) { // two ASCII characters: the same letter in either case, or not the same
                int lower = a | 0x20;
                return (a ^ b) == 0x20 && lower >= 'a' && lower <= 'z';
            }
            int upperA = Character.toUpperCase(a);
            int upperB = Character.toUpperCase(b);
            return upperA == upperB || Character.toLowerCase(upperA) == Character.toLowerCase(upperB);
        }
    }

    /**
     * Text a server sent (a message, a code, a request id) fit for an exception message or a log
     * line: redacted, its control characters escaped ({@link Escapes#escaped}), and cut to {@value
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
        String shown = Escapes.escaped(cut ? redacted.substring(0, MAX_SERVER_TEXT) : redacted);
        return !cut && shown.length() <= MAX_SERVER_TEXT ? shown
                : shown.substring(0, MAX_SERVER_TEXT) + "… (" + redacted.length() + " characters)";
    }
}
