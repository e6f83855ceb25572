package dev.verifykit.roblox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ValidationException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's copy of the server's input schemas: zod 4's {@code trim()} and length, its UUID rule. */
class RpcInputsTest {
    /** What JavaScript's {@code String.prototype.trim} removes: WhiteSpace and LineTerminator (ECMA-262). */
    private static final int[] JAVASCRIPT_WHITE_SPACE = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2000, 0x2001,
        0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
        0xFEFF};

    @Test
    void theCodeIsTrimmedOfExactlyJavaScriptsWhiteSpace() {
        List<Integer> trimmed = new ArrayList<>();
        for (int c = 0; c <= 0xFFFF; c++) {
            if (Character.isSurrogate((char) c)) {
                continue; // not trimmed: a lone surrogate is refused (LoneSurrogateInputTest)
            }
            String pad = String.valueOf((char) c);
            try {
                if (RpcInputs.code(pad + "123456" + pad).equals("123456")) {
                    trimmed.add(c);
                }
            } catch (ValidationException kept) {
                // not trimmed: a control character kept in the code is refused (RpcWireTest)
            }
        }

        assertThat(trimmed).containsExactly(java.util.Arrays.stream(JAVASCRIPT_WHITE_SPACE).boxed().toArray(Integer[]::new));
    }

    /** A code typed with an East Asian input method comes in full-width forms, which the server matches as other characters. */
    @Test
    void fullWidthDigitsAndLettersAreReadAsTheirAscii() {
        assertThat(RpcInputs.code("\uFF19\uFF26\uFF13ac\uFF12\uFF11\uFF42")).isEqualTo("9F3AC21B");
        assertThat(RpcInputs.code(" \uFF14\uFF18\uFF12\uFF19\uFF11\uFF13 ")).isEqualTo("482913");
    }

    @Test
    void theLengthIsCountedInUtf16CodeUnitsAsJavaScriptDoes() {
        String threeEmoji = "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00";

        assertThat(RpcInputs.code(threeEmoji)).isEqualTo(threeEmoji);
        assertThatThrownBy(() -> RpcInputs.code(threeEmoji + threeEmoji + "x"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.rule()).contains("(was 13)"));
    }

    @Test
    void onlyWhiteSpaceAtTheEndsIsTrimmed() {
        assertThat(RpcInputs.code("\u00a0 12 34 56\t\ufeff")).isEqualTo("12 34 56");
        assertThatThrownBy(() -> RpcInputs.code("\u2003\u2003\u2003\u2003\u2003\u2003\u2003"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.rule()).contains("(was 0)"));
    }

    @Test
    void theUuidRuleIsZodsCaseInsensitiveExceptForTheMaxUuid() {
        for (String id : new String[] {"3f1c2a4e-8b7d-1c6a-8e5f-0a1b2c3d4e5f", "3F1C2A4E-8B7D-8C6A-BE5F-0A1B2C3D4E5F",
                "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"}) {
            assertThat(RpcInputs.sessionId(id)).isEqualTo(id.toLowerCase(java.util.Locale.ROOT));
        }
        for (String id : new String[] {"FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "Ffffffff-ffff-ffff-ffff-ffffffffffff",
                "3f1c2a4e-8b7d-0c6a-8e5f-0a1b2c3d4e5f", "3f1c2a4e-8b7d-9c6a-8e5f-0a1b2c3d4e5f",
                "3f1c2a4e-8b7d-4c6a-ce5f-0a1b2c3d4e5f", "00000000-0000-0000-0000-00000000000F"}) {
            assertThatThrownBy(() -> RpcInputs.sessionId(id)).as(id).isInstanceOf(ValidationException.class);
        }
    }

    /** zod's {@code min(6).max(12)}: both ends are codes, one past either end is not. */
    @Test
    void sixAndTwelveCharactersAreCodesFiveAndThirteenAreNot() {
        assertThat(RpcInputs.code("123456")).isEqualTo("123456");
        assertThat(RpcInputs.code("123456789012")).isEqualTo("123456789012");
        assertThatThrownBy(() -> RpcInputs.code("12345"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.rule()).contains("(was 5)"));
        assertThatThrownBy(() -> RpcInputs.code("1234567890123"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.rule()).contains("(was 13)"));
    }

    /** The full-width forms are U+FF01 to U+FF5E, both ends included; their neighbours are no ASCII. */
    @Test
    void theFullWidthRangeIsReadToItsEndsAndNoFurther() {
        assertThat(RpcInputs.code("\uFF01\uFF5E3456")).isEqualTo("!~3456");
        assertThat(RpcInputs.code("\uFF00\uFF5F3456")).isEqualTo("\uFF00\uFF5F3456");
    }

    /** Every ASCII letter is upper-cased, {@code a} and {@code z} included; the characters beside them are kept. */
    @Test
    void theAsciiLettersAreUpperCasedToTheirEnds() {
        assertThat(RpcInputs.code("az`{3456")).isEqualTo("AZ`{3456");
    }
}
