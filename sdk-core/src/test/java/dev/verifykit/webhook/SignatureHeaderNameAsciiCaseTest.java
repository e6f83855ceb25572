package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code verify(body, headers)} finds {@code X-Dokai-Signature} "whatever the case of its name":
 * HTTP field names are ASCII tokens, compared in ASCII case (RFC 9110 §5.1). A name spelled with a
 * non-ASCII look-alike ({@code ſ} U+017F, which {@link String#equalsIgnoreCase} takes for
 * {@code s}; {@code ı} U+0131 for {@code i}) is another header, as {@code SignatureHeader} already
 * holds for the {@code sha256=} prefix ("it would take a non-ASCII ſ for s"). Here the delivery
 * carries the real header, correctly signed, beside such a look-alike.
 */
class SignatureHeaderNameAsciiCaseTest {
    @Test
    void aLookAlikeNameIsNotTheSignatureHeader() {
        WebhookVerifier verifier = Fixtures.verifier(Fixtures.clock()).build();
        for (String lookAlike : List.of("X-Dokai-\u017Fignature", "X-Doka\u0131-Signature")) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put("X-Dokai-Signature", List.of(Fixtures.hmacHex(SECRET, BODY)));
            headers.put(lookAlike, List.of("not-a-signature"));

            assertThatCode(() -> verifier.verify(BODY, headers)).as(lookAlike).doesNotThrowAnyException();
        }
    }
}
