package dev.verifykit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which characters a server's text has escaped, every one of the 65,536 checked against the list
 * {@link Escapes#escaped} documents (written out here, not taken from the class): the C0 and C1
 * controls, DEL, U+2028 and U+2029, U+202A to U+202E and U+2066 to U+2069; everything else, the
 * ordinary space and the neighbours of each range included, stays as it is.
 */
class EscapesTest {
    private static boolean documentedUnsafe(int c) {
        return c <= 0x1F || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    @Test
    void eachCharacterIsEscapedExactlyWhenTheDocumentedListNamesIt() {
        for (int c = 0; c <= 0xFFFF; c++) {
            String text = "a" + (char) c + "b";
            String expected = documentedUnsafe(c) ? "a" + String.format("\\u%04X", c) + "b" : text;

            assertThat(Escapes.escaped(text)).as("U+%04X", c).isEqualTo(expected);
            assertThat(Escapes.isUnsafe((char) c)).as("U+%04X", c).isEqualTo(documentedUnsafe(c));
        }
    }

    @Test
    void textBeforeAndAfterEachEscapeIsKeptInOrder() {
        assertThat(Escapes.escaped("\u001b[31mred\r\nnext\u202eevil\u2069"))
                .isEqualTo("\\u001B[31mred\\u000D\\u000Anext\\u202Eevil\\u2069");
        assertThat(Escapes.escaped("plain text, spaces kept")).isEqualTo("plain text, spaces kept");
        assertThat(Escapes.escaped("")).isEmpty();
        assertThat(Escapes.escaped(null)).isNull();
    }
}
