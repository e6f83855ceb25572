package dev.verifykit.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HexTest {
    @Test
    void everyCharacterInEitherPlaceOfAPairDecodesOnlyWhenItIsAHexDigit() {
        for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
            boolean hex = Character.digit(c, 16) >= 0 && c < 0x80;
            String digit = String.valueOf((char) c);

            byte[] first = Hex.decode("x" + digit + "7", 1, 3);
            byte[] second = Hex.decode("7" + digit, 0, 2);

            if (hex) {
                assertThat(first).as("U+%04X first", c).containsExactly((byte) (Character.digit(c, 16) << 4 | 7));
                assertThat(second).as("U+%04X second", c).containsExactly((byte) (0x70 | Character.digit(c, 16)));
            } else {
                assertThat(first).as("U+%04X first", c).isNull();
                assertThat(second).as("U+%04X second", c).isNull();
            }
        }
    }

    @Test
    void encodeAndDecodeRoundTripInBothCases() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        String lower = Hex.encode(bytes);

        assertThat(lower).isEqualTo(HexFormat.of().formatHex(bytes));
        assertThat(Hex.decode(lower, 0, lower.length())).isEqualTo(bytes);
        assertThat(Hex.decode(lower.toUpperCase(), 0, lower.length())).isEqualTo(bytes);
        assertThat(Hex.decode("abc", 0, 3)).as("odd length").isNull();
        assertThat(Hex.decode("", 0, 0)).isEmpty();
    }
}
