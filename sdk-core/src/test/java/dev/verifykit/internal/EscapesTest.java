package dev.verifykit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which characters a server's text has escaped, every one of the 65,536 checked against the list
 * {@link Escapes#escaped} documents (written out here, not taken from the class): the C0 and C1
 * controls, DEL, U+2028 and U+2029, and the bidirectional controls U+061C, U+200E, U+200F, U+202A to
 * U+202E and U+2066 to U+2069; everything else, the ordinary space and the neighbours of each range
 * included, stays as it is.
 */
class EscapesTest {
    private static boolean documentedUnsafe(int c) {
        return c <= 0x1F || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029
                || c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
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

    /**
     * Each of Unicode's bidirectional controls (the {@code Bidi_Control} property of PropList.txt),
     * the marks U+061C, U+200E and U+200F too: a mark is a strong character of its direction, which
     * moves the neutral characters (signs, punctuation) around it in what a terminal shows, so none
     * reaches a message raw. Before, the three marks passed unescaped.
     */
    @Test
    void everyBidirectionalControlIsEscapedTheMarksToo() {
        char[] bidiControls = {'\u061C', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E',
            '\u2066', '\u2067', '\u2068', '\u2069'};
        for (char c : bidiControls) {
            assertThat(Escapes.isUnsafe(c)).as("U+%04X", (int) c).isTrue();
        }
        assertThat(Escapes.escaped("paid \u200F-100\u200E, \u061Cdone"))
                .isEqualTo("paid \\u200F-100\\u200E, \\u061Cdone");
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
