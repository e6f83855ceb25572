package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * "A body that begins as JSON (an object or an array, cut short or followed by more text) is not
 * shown": its values are an answer's (a one-time code, an identity). It begins as JSON after white
 * space and a byte order mark too; a body of white space only, or text before a brace, is shown.
 */
class BodyDescriptionTest {
    private static final String BOM = "\uFEFF";

    @Test
    void aBodyBeginningAsJsonAfterWhiteSpaceOrAByteOrderMarkIsNotShown() {
        for (String before : List.of("", " ", "\t", "\n", "\r", " \t\r\n", BOM, BOM + " \n")) {
            for (String json : List.of("{\"code\":\"654321\"", "[{\"code\":\"654321\"}] trailing")) {
                String described = BodyDescription.of("text/plain", bytes(before + json), Redactor.none(), true);

                assertThat(described).as("%s", (before + json).replace("\n", "\\n").replace("\r", "\\r"))
                        .isEqualTo("text/plain, " + bytes(before + json).length + " bytes").doesNotContain("654321");
            }
        }
    }

    @Test
    void aBodyOfWhiteSpaceOnlyOrOfTextBeforeABraceIsShown() {
        assertThat(BodyDescription.of("text/plain", bytes("  "), Redactor.none(), true))
                .isEqualTo("text/plain, 2 bytes, starting \"  \"");
        assertThat(BodyDescription.of(null, bytes("x{\"a\":1}"), Redactor.none(), true))
                .isEqualTo("no content type, 8 bytes, starting \"x{\"a\":1}\"");
        assertThat(BodyDescription.of(null, bytes("x"), Redactor.none(), true)).isEqualTo("no content type, 1 byte, starting \"x\"");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
