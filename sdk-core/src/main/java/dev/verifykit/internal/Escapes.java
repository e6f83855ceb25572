package dev.verifykit.internal;

/**
 * How a server's text is shown in a message, a log line or a model's {@code toString()}: each
 * character that could break a line, steer a terminal or reorder what is shown written as a visible
 * escape.
 */
public final class Escapes {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** How many characters an escape of {@link #escaped} takes: <code>&#92;uXXXX</code>. */
    public static final int ESCAPED_LENGTH = 6;

    /**
     * {@code text} with each character that could break a line, steer a terminal or change the
     * order text is shown in written as a visible <code>&#92;uXXXX</code> (ESC as
     * <code>&#92;u001B</code>): the C0 and C1 controls (line breaks, tabs, ESC), DEL, the line and
     * paragraph separators U+2028 and U+2029, and every bidirectional control (Unicode's
     * {@code Bidi_Control}, what "Trojan Source" reorders text with): the marks U+061C, U+200E and
     * U+200F, the embeddings and overrides U+202A to U+202E and the isolates U+2066 to U+2069.
     * Ordinary spaces stay; {@code null} stays {@code null}.
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

    /** Whether {@link #escaped} writes {@code c} as an escape ({@value #ESCAPED_LENGTH} characters). */
    public static boolean isUnsafe(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029'
                || c == '\u061C' || c == '\u200E' || c == '\u200F'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }


    private Escapes() {}
}
