package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.error.MalformedResponseException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * The preview of a body that is not JSON is a server's text in an exception message, as its message,
 * code and content type are: those have the line and paragraph separators and the bidirectional
 * overrides and isolates escaped ({@code Redactor.serverText}, ServerTextEscapingTest); the preview
 * ({@code BodyDescription.preview}) turned only ISO controls into spaces, so U+2028 (a line break to
 * many log viewers) and U+202E (which reverses what follows on a terminal or in a log UI) passed raw.
 */
class BodyPreviewEscapingTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    @Test
    void aPreviewedBodyHasItsLineSeparatorsAndBidiOverridesEscaped() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/plain; charset=utf-8")
                .body("upstream busy\u2028[INFO] payment accepted \u202Edetacilppa\u2066x\u2069").build());

        Throwable thrown;
        try (DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_wire_8c1e")
                .baseUrl(server.url("/dokai").toString()).maxRetries(0).build()) {
            thrown = catchThrowable(() -> dokai.verifySessions().retrieve("ver_1"));
        }

        assertThat(thrown).isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                .contains("starting \"upstream busy")
                .doesNotContain("\u2028", "\u202E", "\u2066", "\u2069"));
    }

    /**
     * A key a plain-text page wraps (a line break inside it): masked as it came, before the line break
     * is escaped; neither escaping it nor turning it into a space (the preview did that after masking)
     * leaves the key whole for the mask to find.
     */
    @Test
    void aKeyBrokenByALineBreakInAPreviewedBodyIsMasked() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/plain")
                .body("refused key dk_test_wi\r\nre_8c1e, try again").build());

        Throwable thrown;
        try (DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_wire_8c1e")
                .baseUrl(server.url("/dokai").toString()).maxRetries(0).build()) {
            thrown = catchThrowable(() -> dokai.verifySessions().retrieve("ver_1"));
        }

        assertThat(thrown).isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                .contains("starting \"refused key [REDACTED], try again\"")
                .doesNotContain("dk_test_wi", "re_8c1e"));
    }
}
