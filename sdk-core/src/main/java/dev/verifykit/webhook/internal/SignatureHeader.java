package dev.verifykit.webhook.internal;

import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.error.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed {@code X-Dokai-Signature} value. {@link #signedPrefix()} is what precedes the raw body
 * in the signed payload: nothing for the plain schemes, {@code "<t>."} for the timestamped one.
 *
 * @param scheme the form the header had
 * @param timestamp the {@code t} value in unix seconds; 0 for the plain schemes
 * @param signedPrefix the bytes signed before the body
 * @param signatures the candidate signatures, decoded
 */
public record SignatureHeader(Scheme scheme, long timestamp, byte[] signedPrefix, List<byte[]> signatures) {
    /** The header name. */
    public static final String NAME = "X-Dokai-Signature";
    /** The longest header accepted, in characters. */
    public static final int MAX_LENGTH = 8192;
    private static final int HEX_LENGTH = 64;
    private static final String PREFIX = "sha256=";
    private static final int MAX_DIGITS = 19;
    private static final byte[] NO_PREFIX = new byte[0];

    /** The forms of the header. */
    public enum Scheme {
        BARE("bare hex"),
        PREFIXED("sha256=<hex>"),
        TIMESTAMPED("t=<seconds>,v1=<hex>");

        private final String label;

        Scheme(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public boolean timestamped() {
        return scheme == Scheme.TIMESTAMPED;
    }

    /**
     * Parses a header value in one pass: what is parsed (hex, digits, keys) is checked as it is
     * read, and only entries the parser skips are checked for their characters on their own. On a
     * refusal, a character that is not printable ASCII anywhere in the value is reported first.
     *
     * @throws WebhookVerificationException {@code MISSING_HEADER} for {@code null},
     *     {@code MALFORMED_HEADER} for anything that is not one of the three forms
     */
    public static SignatureHeader parse(String value) {
        if (value == null) {
            throw new WebhookVerificationException(Reason.MISSING_HEADER, "no " + NAME + " header");
        }
        if (value.length() > MAX_LENGTH) {
            throw malformed(value, "is longer than " + MAX_LENGTH + " characters");
        }
        if (value.isEmpty()) {
            throw malformed(value, "is empty");
        }
        if (startsWithIgnoringAsciiCase(value, 0, PREFIX)) {
            return new SignatureHeader(Scheme.PREFIXED, 0, NO_PREFIX,
                    List.of(signature(value, PREFIX.length(), value.length(), Scheme.PREFIXED)));
        }
        if (value.indexOf('=') >= 0 || value.indexOf(',') >= 0) {
            return timestamped(value);
        }
        return new SignatureHeader(Scheme.BARE, 0, NO_PREFIX, List.of(signature(value, 0, value.length(), Scheme.BARE)));
    }

    private static SignatureHeader timestamped(String value) {
        byte[] prefix = null;
        long seconds = 0;
        byte[] first = null;
        List<byte[]> more = null;
        int start = 0;
        while (start <= value.length()) {
            int end = value.indexOf(',', start);
            if (end < 0) {
                end = value.length();
            }
            int equals = value.indexOf('=', start);
            if (equals <= start || equals >= end) {
                throw malformed(value, "has an entry that is not key=value (" + Scheme.TIMESTAMPED + ")");
            }
            if (isKey(value, start, equals, "t")) {
                if (prefix != null) {
                    throw malformed(value, "has more than one t= entry");
                }
                seconds = seconds(value, equals + 1, end);
                prefix = signedPrefix(value, equals + 1, end);
            } else if (isKey(value, start, equals, "v1")) {
                byte[] signature = signature(value, equals + 1, end, Scheme.TIMESTAMPED);
                if (first == null) {
                    first = signature;
                } else {
                    if (more == null) {
                        more = new ArrayList<>(2);
                        more.add(first);
                    }
                    more.add(signature);
                }
            } else if (!printable(value, start, end)) {
                throw malformed(value, "has an entry with other characters than printable ASCII");
            }
            start = end + 1;
        }
        if (prefix == null) {
            throw malformed(value, "has no t= timestamp (" + Scheme.TIMESTAMPED + ")");
        }
        if (first == null) {
            throw malformed(value, "has no v1= signature (" + Scheme.TIMESTAMPED + ")");
        }
        return new SignatureHeader(Scheme.TIMESTAMPED, seconds, prefix, more == null ? List.of(first) : List.copyOf(more));
    }

    private static boolean isKey(String value, int from, int to, String key) {
        return to - from == key.length() && startsWithIgnoringAsciiCase(value, from, key);
    }

    /**
     * Whether {@code value} has {@code lowerCase} at {@code from}, ASCII letters in either case.
     * Not {@code regionMatches(true, …)}: it would take a non-ASCII {@code ſ} for {@code s}.
     */
    private static boolean startsWithIgnoringAsciiCase(String value, int from, String lowerCase) {
        if (value.length() - from < lowerCase.length()) {
            return false;
        }
        for (int i = 0; i < lowerCase.length(); i++) {
            char c = value.charAt(from + i);
            char expected = lowerCase.charAt(i);
            if (c != expected && !(expected >= 'a' && expected <= 'z' && c == expected - ('a' - 'A'))) {
                return false;
            }
        }
        return true;
    }

    /** The (checked) digits of {@code value[from, to)} followed by a dot, as signed before the body. */
    private static byte[] signedPrefix(String value, int from, int to) {
        byte[] prefix = new byte[to - from + 1];
        for (int i = from; i < to; i++) {
            prefix[i - from] = (byte) value.charAt(i);
        }
        prefix[prefix.length - 1] = '.';
        return prefix;
    }

    /** The digits of {@code value[from, to)} as unix seconds. */
    private static long seconds(String value, int from, int to) {
        if (from == to) {
            throw malformed(value, "has an empty t= timestamp");
        }
        long seconds = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed(value, "has a t= timestamp that is not whole unix seconds");
            }
            // Only a 19th digit can overflow (and a 20th always does): divide only then.
            if (i - from >= MAX_DIGITS - 1
                    && (i - from >= MAX_DIGITS || seconds > (Long.MAX_VALUE - (c - '0')) / 10)) {
                throw malformed(value, "has a t= timestamp out of range");
            }
            seconds = seconds * 10 + (c - '0');
        }
        return seconds;
    }

    private static byte[] signature(String value, int from, int to, Scheme scheme) {
        if (to - from != HEX_LENGTH) {
            throw malformed(value, "has a signature of " + (to - from) + " characters, expected " + HEX_LENGTH
                    + " hex digits (" + scheme + ")");
        }
        byte[] decoded = Hex.decode(value, from, to);
        if (decoded == null) {
            throw malformed(value, "has a signature that is not hexadecimal (" + scheme + ")");
        }
        return decoded;
    }

    /** Whether {@code value[from, to)} is printable ASCII: no whitespace, control or non-ASCII character. */
    private static boolean printable(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** A refusal; a character that is not printable ASCII is named first, whatever else is wrong. */
    private static WebhookVerificationException malformed(String value, String problem) {
        return malformed(printable(value, 0, value.length())
                ? problem : "contains whitespace, control or non-ASCII characters");
    }

    private static WebhookVerificationException malformed(String problem) {
        return new WebhookVerificationException(Reason.MALFORMED_HEADER, "the " + NAME + " header " + problem);
    }
}
