package dev.verifykit.webhook.internal;

import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.error.WebhookVerificationException.Reason;
import java.util.Arrays;

/**
 * A parsed {@code X-Dokai-Signature} value. {@link #signedPrefix()} is what precedes the raw body
 * in the signed payload: nothing for the plain schemes, {@code "<t>."} for the timestamped one.
 *
 * <p>Parsing checks the structure, the timestamp and each signature's length; a signature's hex
 * digits are checked as it is compared ({@link #matches}), in the same pass, or all at once by
 * {@link #requireHex()}. Not a record: its {@code toString()} must not show the signatures.
 */
public final class SignatureHeader {
    /** The header name. */
    public static final String NAME = "X-Dokai-Signature";
    private static final String NAME_LOWER_CASE = "x-dokai-signature";
    /** The longest header accepted, in characters. */
    public static final int MAX_LENGTH = 8192;
    private static final int HEX_LENGTH = 64;
    private static final String PREFIX = "sha256=";
    private static final int MAX_DIGITS = 19;
    /** Digits that cannot overflow a {@code long}, whatever they are. */
    private static final int USUAL_DIGITS = 18;
    private static final String V1 = ",v1=";
    private static final byte[] NO_PREFIX = new byte[0];
    private static final int[] NO_SIGNATURES = new int[0];

    private final Scheme scheme;
    private final long timestamp;
    private final byte[] signedPrefix;
    private final String value;
    private final int[] signatureStarts;

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

    private SignatureHeader(Scheme scheme, long timestamp, byte[] signedPrefix, String value, int... signatureStarts) {
        this.scheme = scheme;
        this.timestamp = timestamp;
        this.signedPrefix = signedPrefix;
        this.value = value;
        this.signatureStarts = signatureStarts;
    }

    /** The form the header had. */
    public Scheme scheme() {
        return scheme;
    }

    /** The {@code t} value in unix seconds; 0 for the plain schemes. */
    public long timestamp() {
        return timestamp;
    }

    /** The bytes signed before the body. */
    public byte[] signedPrefix() {
        return signedPrefix;
    }

    public boolean timestamped() {
        return scheme == Scheme.TIMESTAMPED;
    }

    /** How many candidate signatures the header carries (several {@code v1} entries while rotating). */
    public int signatureCount() {
        return signatureStarts.length;
    }

    /** Where candidate {@code index} starts in the value. */
    int signatureStart(int index) {
        return signatureStarts[index];
    }

    /**
     * Whether candidate {@code index} is the hex of {@code mac}, digits in either case; every digit
     * is read whatever differs, and only the header's characters index a table, never {@code mac}.
     *
     * @throws WebhookVerificationException {@code MALFORMED_HEADER} when the candidate is not hex
     */
    public boolean matches(int index, byte[] mac) {
        Hex.Comparison comparison = Hex.compare(mac, value, signatureStarts[index]);
        if (comparison == Hex.Comparison.NOT_HEX) {
            throw notHex();
        }
        return comparison == Hex.Comparison.MATCH;
    }

    /**
     * Checks that every candidate is hex, before a body is read or when several candidates must
     * all be well-formed whichever matches.
     *
     * @return this header
     * @throws WebhookVerificationException {@code MALFORMED_HEADER} when one is not
     */
    public SignatureHeader requireHex() {
        for (int start : signatureStarts) {
            if (Hex.decode(value, start, start + HEX_LENGTH) == null) {
                throw notHex();
            }
        }
        return this;
    }

    private WebhookVerificationException notHex() {
        return malformed(value, "has a signature that is not hexadecimal (" + scheme + ")");
    }

    @Override
    public String toString() {
        return "SignatureHeader[" + scheme + ", signatures=" + signatureStarts.length + "]";
    }

    /**
     * Parses a header value in one pass: what is parsed (digits, keys) is checked as it is read,
     * signatures for their length (their digits when compared), and entries the parser skips for
     * their characters. On a refusal, a character that is not printable ASCII anywhere in the value
     * is reported first.
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
            return new SignatureHeader(Scheme.PREFIXED, 0, NO_PREFIX, value,
                    signature(value, PREFIX.length(), value.length(), Scheme.PREFIXED));
        }
        if (value.indexOf('=') >= 0 || value.indexOf(',') >= 0) {
            return timestamped(value);
        }
        return new SignatureHeader(Scheme.BARE, 0, NO_PREFIX, value, signature(value, 0, value.length(), Scheme.BARE));
    }

    private static SignatureHeader timestamped(String value) {
        SignatureHeader usual = usualTimestamped(value);
        return usual != null ? usual : anyTimestamped(value);
    }

    /**
     * The form senders write, {@code t=<digits>,v1=<64 characters>} in lower case with at most 18
     * digits, read without the general loop (this runs on every delivery); {@code null} for
     * anything else, which {@link #anyTimestamped} reads. Either gives the same header for a
     * value both read (SignatureHeaderTest checks it).
     */
    static SignatureHeader usualTimestamped(String value) {
        int comma = value.length() - HEX_LENGTH - V1.length();
        if (comma < 3 || comma > 2 + USUAL_DIGITS || value.charAt(0) != 't' || value.charAt(1) != '='
                || !value.startsWith(V1, comma) || value.indexOf(',', comma + V1.length()) >= 0) {
            return null;
        }
        byte[] prefix = new byte[comma - 1];
        long seconds = 0;
        for (int i = 2; i < comma; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            seconds = seconds * 10 + (c - '0');
            prefix[i - 2] = (byte) c;
        }
        prefix[prefix.length - 1] = '.';
        return new SignatureHeader(Scheme.TIMESTAMPED, seconds, prefix, value, comma + V1.length());
    }

    static SignatureHeader anyTimestamped(String value) {
        byte[] prefix = null;
        long seconds = 0;
        int[] signatures = NO_SIGNATURES;
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
                signatures = Arrays.copyOf(signatures, signatures.length + 1);
                signatures[signatures.length - 1] = signature(value, equals + 1, end, Scheme.TIMESTAMPED);
            } else if (!printable(value, start, end)) {
                throw malformed(value, "has an entry with other characters than printable ASCII");
            }
            start = end + 1;
        }
        if (prefix == null) {
            throw malformed(value, "has no t= timestamp (" + Scheme.TIMESTAMPED + ")");
        }
        if (signatures.length == 0) {
            throw malformed(value, "has no v1= signature (" + Scheme.TIMESTAMPED + ")");
        }
        return new SignatureHeader(Scheme.TIMESTAMPED, seconds, prefix, value, signatures);
    }

    /**
     * Whether {@code name} is this header's name, its letters in either ASCII case: HTTP field names
     * are ASCII, and {@link String#equalsIgnoreCase} would take {@code ſ} for {@code s} and
     * {@code ı} for {@code i}, so another header for this one.
     */
    public static boolean isName(String name) {
        return name != null && name.length() == NAME.length()
                && startsWithIgnoringAsciiCase(name, 0, NAME_LOWER_CASE);
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
        int significant = from; // base ten: leading zeros add no digit (the header is signed as sent all the same)
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed(value, "has a t= timestamp that is not whole unix seconds");
            }
            if (seconds == 0) {
                significant = i;
            }
            // Only a 19th significant digit can overflow (and a 20th always does): divide only then.
            if (i - significant >= MAX_DIGITS - 1
                    && (i - significant >= MAX_DIGITS || seconds > (Long.MAX_VALUE - (c - '0')) / 10)) {
                throw malformed(value, "has a t= timestamp out of range");
            }
            seconds = seconds * 10 + (c - '0');
        }
        return seconds;
    }

    /** The start of a signature at {@code value[from, to)}, which must have the length of one. */
    private static int signature(String value, int from, int to, Scheme scheme) {
        if (to - from != HEX_LENGTH) {
            throw malformed(value, "has a signature of " + (to - from) + " characters, expected " + HEX_LENGTH
                    + " hex digits (" + scheme + ")");
        }
        return from;
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
