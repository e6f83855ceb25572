package dev.verifykit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The change made {@code WebhookVerifier} find {@code X-Dokai-Signature} in ASCII case only
 * ({@code SignatureHeader.isName}): {@code equalsIgnoreCase} takes {@code ı} (U+0131) for {@code i}
 * and {@code ſ} (U+017F) for {@code s}. The CLI's {@code webhook verify --header} still matches the
 * pasted line's name with {@code equalsIgnoreCase}, so another header's line is taken for the
 * signature header and its value verified as the signature.
 */
class HeaderValueAsciiCaseTest {
    @Test
    void aLookAlikeHeaderNameIsNotTakenForTheSignatureHeader() {
        String lookAlike = "X-Doka\u0131-\u017Fignature: t=1700000000,v1=abc";

        assertThat(WebhookCommand.headerValue(lookAlike)).as("a line of another header, left as given").isEqualTo(lookAlike);
    }

    @Test
    void theRealNameInAnyAsciiCaseStillIs() {
        assertThat(WebhookCommand.headerValue("> x-dokai-SIGNATURE: t=1,v1=abc")).isEqualTo("t=1,v1=abc");
    }
}
