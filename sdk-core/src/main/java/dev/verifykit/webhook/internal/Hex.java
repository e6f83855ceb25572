package dev.verifykit.webhook.internal;

/** Lower-case hex encoding; decoding and constant-time comparison that accept either case. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();
    /** The value of each Latin-1 character as a hex digit, or -1. */
    private static final byte[] VALUES = new byte[256];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < 10; i++) {
            VALUES['0' + i] = (byte) i;
        }
        for (int i = 0; i < 6; i++) {
            VALUES['a' + i] = (byte) (10 + i);
            VALUES['A' + i] = (byte) (10 + i);
        }
    }

    private Hex() {}

    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** The bytes of {@code text[from, to)}, or {@code null} when it has an odd length or a non-hex character. */
    public static byte[] decode(String text, int from, int to) {
        int length = to - from;
        if (length % 2 != 0) {
            return null;
        }
        byte[] out = new byte[length / 2];
        int invalid = 0;
        for (int i = 0, at = from; i < out.length; i++, at += 2) {
            int high = digit(text.charAt(at));
            int low = digit(text.charAt(at + 1));
            invalid |= high | low;
            out[i] = (byte) ((high << 4) | low);
        }
        return invalid < 0 ? null : out;
    }

    /** What {@link #compare} found. */
    public enum Comparison { MATCH, MISMATCH, NOT_HEX }

    /**
     * Compares {@code bytes} with the hex digits (either case) at {@code text[from, from + 2 ×
     * bytes.length)}, which the caller has checked exist. Every character is read whatever
     * differs, and the table is indexed by the text's characters only, never by {@code bytes}: the
     * time taken says nothing about {@code bytes} (a MAC computed with a secret).
     *
     * @return {@code NOT_HEX} when a character is not a hex digit, else whether they spell {@code bytes}
     */
    public static Comparison compare(byte[] bytes, String text, int from) {
        int invalid = 0;
        int difference = 0;
        for (int i = 0, at = from; i < bytes.length; i++, at += 2) {
            int high = digit(text.charAt(at));
            int low = digit(text.charAt(at + 1));
            invalid |= high | low;
            difference |= ((high << 4) | low) ^ (bytes[i] & 0xff);
        }
        if (invalid < 0) {
            return Comparison.NOT_HEX;
        }
        return difference == 0 ? Comparison.MATCH : Comparison.MISMATCH;
    }

    /** The value of a hex digit, either case; negative for any other character (without a branch). */
    private static int digit(char c) {
        return VALUES[c & 0xff] | -(c >>> 8);
    }
}
