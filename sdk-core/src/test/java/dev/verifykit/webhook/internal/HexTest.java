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

    @Test
    void comparingReadsEveryCharacterInEitherPlaceAsDecodingDoes() {
        for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
            int digit = c < 0x80 ? Character.digit(c, 16) : -1;
            String first = "x" + (char) c + "7";
            String second = "7" + (char) c;

            if (digit >= 0) {
                assertThat(Hex.compare(new byte[] {(byte) (digit << 4 | 7)}, first, 1)).as("U+%04X first", c)
                        .isEqualTo(Hex.Comparison.MATCH);
                assertThat(Hex.compare(new byte[] {(byte) ((digit ^ 1) << 4 | 7)}, first, 1)).as("U+%04X first", c)
                        .isEqualTo(Hex.Comparison.MISMATCH);
                assertThat(Hex.compare(new byte[] {(byte) (0x70 | digit)}, second, 0)).as("U+%04X second", c)
                        .isEqualTo(Hex.Comparison.MATCH);
                assertThat(Hex.compare(new byte[] {(byte) (0x70 | digit ^ 8)}, second, 0)).as("U+%04X second", c)
                        .isEqualTo(Hex.Comparison.MISMATCH);
            } else {
                for (int value : new int[] {0x00, 0x70, 0x77, 0xff}) {
                    assertThat(Hex.compare(new byte[] {(byte) value}, first, 1)).as("U+%04X first", c)
                            .isEqualTo(Hex.Comparison.NOT_HEX);
                    assertThat(Hex.compare(new byte[] {(byte) value}, second, 0)).as("U+%04X second", c)
                            .isEqualTo(Hex.Comparison.NOT_HEX);
                }
            }
        }
    }

    @Test
    void aDifferenceAnywhereIsAMismatchAndANonHexDigitAnywhereWinsOverIt() {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 37);
        }
        String hex = Hex.encode(bytes);
        assertThat(Hex.compare(bytes, "v1=" + hex.toUpperCase(), 3)).isEqualTo(Hex.Comparison.MATCH);
        for (int at = 0; at < hex.length(); at++) {
            String changed = hex.substring(0, at) + (hex.charAt(at) == '0' ? '1' : '0') + hex.substring(at + 1);
            String broken = hex.substring(0, at) + 'g' + hex.substring(at + 1);

            assertThat(Hex.compare(bytes, changed, 0)).as("digit %d changed", at).isEqualTo(Hex.Comparison.MISMATCH);
            assertThat(Hex.compare(bytes, broken, 0)).as("digit %d not hex", at).isEqualTo(Hex.Comparison.NOT_HEX);
        }
    }

    /**
     * "{@code NOT_HEX} when a character is not a hex digit, else whether they spell {@code bytes}":
     * digits that are all {@code 0} are hex, and spell zero bytes (every digit's value is then 0,
     * which a check for a negative one must not take for a bad digit).
     */
    @Test
    void digitsThatAreAllZeroAreHexAndSpellZeroBytes() {
        String zeros = "0".repeat(64);
        byte[] one = new byte[32];
        one[31] = 1;

        assertThat(Hex.compare(new byte[32], zeros, 0)).isEqualTo(Hex.Comparison.MATCH);
        assertThat(Hex.compare(one, zeros, 0)).isEqualTo(Hex.Comparison.MISMATCH);
        assertThat(Hex.decode(zeros, 0, zeros.length())).isEqualTo(new byte[32]);
    }
}
