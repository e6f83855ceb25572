package dev.verifykit.mock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mock's copy of JavaScript's {@code String.prototype.trim}, which zod's {@code trim()} calls. */
class JavaScriptTest {

    /** WhiteSpace and LineTerminator code points of ECMA-262, all in the Basic Multilingual Plane. */
    private static final List<Integer> JAVASCRIPT_WHITE_SPACE = List.of(0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680,
            0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F,
            0x205F, 0x3000, 0xFEFF);

    @Test
    void trimRemovesExactlyJavaScriptsWhiteSpaceFromBothEnds() {
        List<Integer> trimmed = new ArrayList<>();
        for (int c = 0; c <= 0xFFFF; c++) {
            String pad = String.valueOf((char) c);
            if (JavaScript.trim(pad + "x" + pad).equals("x")) {
                trimmed.add(c);
            }
        }

        assertThat(trimmed).isEqualTo(JAVASCRIPT_WHITE_SPACE);
    }

    @Test
    void trimKeepsWhiteSpaceInsideAndEverythingElseAtTheEnds() {
        assertThat(JavaScript.trim("\u00a0\ufeff 12 34\u3000\u2029")).isEqualTo("12 34");
        assertThat(JavaScript.trim("\u001c1234\u001f")).isEqualTo("\u001c1234\u001f");
        assertThat(JavaScript.trim("\u200b123456\u180e")).as("zero-width space and the Mongolian vowel separator are not space")
                .isEqualTo("\u200b123456\u180e");
        assertThat(JavaScript.trim("\u2003\u2003")).isEmpty();
    }
}
