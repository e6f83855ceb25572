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
        String t = null;
        List<byte[]> signatures = new ArrayList<>();
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
            String key = value.substring(start, equals).toLowerCase(Locale.ROOT);
            if (key.equals("t")) {
                if (t != null) {
                    throw malformed("has more than one t= entry");
                }
                t = value.substring(equals + 1, end);
            } else if (key.equals("v1")) {
                signatures.add(signature(value, equals + 1, end, Scheme.TIMESTAMPED));
            }
            start = end + 1;
        }
        if (t == null) {
            throw malformed("has no t= timestamp (" + Scheme.TIMESTAMPED + ")");
        }
        if (signatures.isEmpty()) {
            throw malformed("has no v1= signature (" + Scheme.TIMESTAMPED + ")");
        }
        return new SignatureHeader(Scheme.TIMESTAMPED, seconds(t), (t + ".").getBytes(StandardCharsets.US_ASCII),
                List.copyOf(signatures));
    }

    private static long seconds(String t) {
        if (t.isEmpty()) {
            throw malformed("has an empty t= timestamp");
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                throw malformed("has a t= timestamp that is not whole unix seconds");
            }
        }
        if (t.length() > MAX_DIGITS) {
            throw malformed("has a t= timestamp out of range");
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw malformed("has a t= timestamp out of range");
        }
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
