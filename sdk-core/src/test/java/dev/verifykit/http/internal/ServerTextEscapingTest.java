package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Server text shown in messages and logs has its controls escaped, after its secrets are masked:
 * escaping never shows a secret that masking would have caught, nor lets a control through.
 */
class ServerTextEscapingTest {
    private static final String KEY = "dock_test_premium";

    @Test
    void controlsLineBreaksAndBidiOverridesAreEscapedAndSpacesKept() {
        Redactor redactor = Redactor.none();

        assertThat(redactor.serverText("a b\tc\r\nd\u001b[2J\u0007\u007f\u0085\u009b\u2028\u2029\u202a\u202e\u2066\u2069 é ü 日本 👍"))
                .isEqualTo("a b\\u0009c\\u000D\\u000Ad\\u001B[2J\\u0007\\u007F\\u0085\\u009B\\u2028\\u2029\\u202A\\u202E"
                        + "\\u2066\\u2069 é ü 日本 👍");
        assertThat(redactor.serverText("plain text")).isEqualTo("plain text");
        assertThat(redactor.serverText(null)).isNull();
    }

    /**
     * The bidirectional marks (ALM U+061C, LRM U+200E, RLM U+200F) move what a terminal shows as the
     * overrides do; a server's message holding one reaches an exception or log line escaped. Before,
     * they passed raw.
     */
    @Test
    void bidiMarksAreEscapedAsTheOverridesAre() {
        assertThat(Redactor.none().serverText("refund \u200F-5\u200E to \u061Cuser"))
                .isEqualTo("refund \\u200F-5\\u200E to \\u061Cuser");
    }

    @Test
    void aSecretIsMaskedBeforeEscapingInEveryForm() {
        String withBreak = "line1\nline2-secret";
        Redactor redactor = new Redactor(List.of(Secret.of(KEY), Secret.of(withBreak)));

        assertThat(redactor.serverText("key " + KEY + "\n")).isEqualTo("key [REDACTED]\\u000A");
        assertThat(redactor.serverText("echo " + withBreak + " end")).isEqualTo("echo [REDACTED] end");
        assertThat(redactor.serverText("json " + "line1\\u000aline2-secret")).isEqualTo("json [REDACTED]");
        assertThat(redactor.serverText("url line1%0Aline2-secret")).isEqualTo("url [REDACTED]");
        assertThat(redactor.serverText("cut\n" + KEY.substring(0, 12) + "…")).isEqualTo("cut\\u000A[REDACTED]…");
    }

    @Test
    void aTextOfControlsIsCutToTheLimitAfterEscaping() {
        String shown = Redactor.none().serverText("\u001b".repeat(5000));

        assertThat(shown).startsWith("\\u001B").doesNotContain("\u001b").endsWith("… (5000 characters)");
        assertThat(shown.length()).isLessThanOrEqualTo(Redactor.MAX_SERVER_TEXT + "… (5000 characters)".length());
        assertThat(Redactor.none().serverText("\u001b".repeat(200))).as("escaped past the limit: cut too")
                .hasSize(Redactor.MAX_SERVER_TEXT + "… (200 characters)".length());
    }
}
