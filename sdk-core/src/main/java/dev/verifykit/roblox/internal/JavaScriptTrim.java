package dev.verifykit.roblox.internal;

/**
 * JavaScript's {@code String.prototype.trim}, which the server's validator applies to codes: it
 * removes ECMAScript's WhiteSpace and LineTerminator characters, which are not Java's
 * {@link String#strip()} set (JavaScript removes U+00A0, U+2007, U+202F and U+FEFF, and keeps
 * U+001C to U+001F).
 */
final class JavaScriptTrim {
    private JavaScriptTrim() {}

    static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    /** TAB, VT, FF, SP, NBSP, ZWNBSP, the Zs space separators, LF, CR, LS and PS. */
    static boolean isSpace(char c) {
        return switch (c) {
            case '\t', '\n', '\u000B', '\f', '\r', ' ', '\u00A0', '\u1680', '\u2028', '\u2029', '\u202F', '\u205F',
                    '\u3000', '\uFEFF' -> true;
            default -> c >= '\u2000' && c <= '\u200A';
        };
    }
}
