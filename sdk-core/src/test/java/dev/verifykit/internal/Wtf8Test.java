package dev.verifykit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bytes a value is hashed from: UTF-8 for well-formed text, a lone surrogate as its own three bytes. */
class Wtf8Test {
    @Test
    void wellFormedTextIsItsUtf8() {
        for (String value : new String[] {"", "user_123", "é", "✓ 検証", "a\uD83D\uDE00b", "\u007f\u0080\u07ff\u0800\uffff"}) {
            assertThat(Wtf8.bytes(value)).as(value).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void loneSurrogatesKeepTheirOwnBytes() {
        assertThat(Wtf8.bytes("a\uD800")).containsExactly('a', 0xED, 0xA0, 0x80);
        assertThat(Wtf8.bytes("\uDFFFé")).containsExactly(0xED, 0xBF, 0xBF, 0xC3, 0xA9);
        assertThat(Wtf8.bytes("\uDC00\uD800")).containsExactly(0xED, 0xB0, 0x80, 0xED, 0xA0, 0x80);
    }
}
