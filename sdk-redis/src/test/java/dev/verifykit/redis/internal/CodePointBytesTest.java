package dev.verifykit.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.internal.Wtf8;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bytes a delivery key is hashed from: UTF-8 for well-formed text (keys unchanged), distinct for lone surrogates. */
class CodePointBytesTest {
    @Test
    void wellFormedTextIsItsUtf8() {
        for (String value : new String[] {"", "event/ver_abc123/verification.completed", "é", "✓ 検証", "ver_\uD83D\uDE00",
                "\u007f\u0080\u07ff\u0800\uffff"}) {
            assertThat(Wtf8.bytes(value)).as(value).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void loneSurrogatesKeepTheirOwnBytes() {
        assertThat(Wtf8.bytes("a\uD800")).containsExactly('a', 0xED, 0xA0, 0x80);
        assertThat(Wtf8.bytes("\uDFFF")).containsExactly(0xED, 0xBF, 0xBF);
        assertThat(StoreSettings.hash("ver_\uD800")).isNotEqualTo(StoreSettings.hash("ver_\uDC00"))
                .isNotEqualTo(StoreSettings.hash("ver_?"));
    }
}
