package dev.verifykit.webhook.internal;

/** Lower-case hex encoding, and decoding that accepts either case. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

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
        for (int i = 0; i < out.length; i++) {
            int high = Character.digit(text.charAt(from + 2 * i), 16);
            int low = Character.digit(text.charAt(from + 2 * i + 1), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            out[i] = (byte) ((high << 4) | low);
        }
        return out;
    }
}
