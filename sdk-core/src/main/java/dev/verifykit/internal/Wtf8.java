package dev.verifykit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Text as bytes to hash or compare, one to one: {@link String#getBytes} in UTF-8 writes every
 * unpaired surrogate as {@code '?'}, so two values differing only there (a lone surrogate, which a
 * JSON escape such as {@code "\ud800"} can carry) would give the same bytes.
 */
public final class Wtf8 {
    private Wtf8() {}

    /**
     * {@code value} in UTF-8, but each unpaired surrogate written as its own three bytes (as WTF-8
     * does). The same bytes as UTF-8 for every well-formed string.
     */
    public static byte[] bytes(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length() + 16);
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++; // a pair: one code point, which UTF-8 writes
            } else if (Character.isSurrogate(c)) {
                out.writeBytes(value.substring(start, i).getBytes(StandardCharsets.UTF_8));
                out.write(0xE0 | c >> 12);
                out.write(0x80 | c >> 6 & 0x3F);
                out.write(0x80 | c & 0x3F);
                start = i + 1;
            }
        }
        out.writeBytes(value.substring(start).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
