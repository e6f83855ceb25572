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
     * Parses a header value.
     *
     * @throws WebhookVerificationException {@code MISSING_HEADER} for {@code null},
     *     {@code MALFORMED_HEADER} for anything that is not one of the three forms
     */
    public static SignatureHeader parse(String value) {
        if (value == null) {
            throw new WebhookVerificationException(Reason.MISSING_HEADER, "no " + NAME + " header");
        }
        if (value.length() > MAX_LENGTH) {
            throw malformed("is longer than " + MAX_LENGTH + " characters");
        }
        if (value.isEmpty()) {
            throw malformed("is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw malformed("contains whitespace, control or non-ASCII characters");
            }
        }
        if (value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return new SignatureHeader(Scheme.PREFIXED, 0, new byte[0],
                    List.of(signature(value, PREFIX.length(), value.length(), Scheme.PREFIXED)));
        }
        if (value.indexOf('=') >= 0 || value.indexOf(',') >= 0) {
            return timestamped(value);
        }
        return new SignatureHeader(Scheme.BARE, 0, new byte[0], List.of(signature(value, 0, value.length(), Scheme.BARE)));
    }

    private static SignatureHeader timestamped(String value) {
        int tFrom = -1;
        int tTo = -1;
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
                throw malformed("has an entry that is not key=value (" + Scheme.TIMESTAMPED + ")");
            }
            if (isKey(value, start, equals, "t")) {
                if (tFrom >= 0) {
                    throw malformed("has more than one t= entry");
                }
                tFrom = equals + 1;
                tTo = end;
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
            }
            start = end + 1;
        }
        if (tFrom < 0) {
            throw malformed("has no t= timestamp (" + Scheme.TIMESTAMPED + ")");
        }
        if (first == null) {
            throw malformed("has no v1= signature (" + Scheme.TIMESTAMPED + ")");
        }
        long seconds = seconds(value, tFrom, tTo);
        byte[] prefix = new byte[tTo - tFrom + 1];
        for (int i = tFrom; i < tTo; i++) {
            prefix[i - tFrom] = (byte) value.charAt(i);
        }
        prefix[prefix.length - 1] = '.';
        return new SignatureHeader(Scheme.TIMESTAMPED, seconds, prefix,
                more == null ? List.of(first) : List.copyOf(more));
    }

    private static boolean isKey(String value, int from, int to, String key) {
        return to - from == key.length() && value.regionMatches(true, from, key, 0, key.length());
    }

    /** The digits of {@code value[from, to)} as unix seconds. */
    private static long seconds(String value, int from, int to) {
        if (from == to) {
            throw malformed("has an empty t= timestamp");
        }
        long seconds = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed("has a t= timestamp that is not whole unix seconds");
            }
            if (i - from >= MAX_DIGITS || seconds > (Long.MAX_VALUE - (c - '0')) / 10) {
                throw malformed("has a t= timestamp out of range");
            }
            seconds = seconds * 10 + (c - '0');
        }
        return seconds;
    }

    private static byte[] signature(String value, int from, int to, Scheme scheme) {
        if (to - from != HEX_LENGTH) {
            throw malformed("has a signature of " + (to - from) + " characters, expected " + HEX_LENGTH
                    + " hex digits (" + scheme + ")");
        }
        byte[] decoded = Hex.decode(value, from, to);
        if (decoded == null) {
            throw malformed("has a signature that is not hexadecimal (" + scheme + ")");
        }
        return decoded;
    }

    private static WebhookVerificationException malformed(String problem) {
        return new WebhookVerificationException(Reason.MALFORMED_HEADER, "the " + NAME + " header " + problem);
    }
}
