package dev.verifykit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ValidationException;
import org.junit.jupiter.api.Test;

/**
 * The ends of the ranges the input rules take, each side (found by mutation testing against the
 * rules' nearest tests): printable ASCII for a header value or a secret, an HTTP token for a header
 * name, a Bearer token's characters for an API key, and the spaces trimmed around a credential.
 */
class RequireEdgesTest {
    @Test
    void aHeaderValueIsPrintableAsciiFromSpaceToTilde() {
        assertThat(Require.headerProblem(" ~")).isNull();
        assertThat(Require.headerProblem("a\u001f")).isEqualTo("a control character (U+001F) at index 1");
        assertThat(Require.headerProblem("a\u007f")).isEqualTo("a control character (U+007F) at index 1");
        assertThat(Require.headerProblem("a\u0080")).isEqualTo("a non-ASCII character at index 1");
    }

    @Test
    void aHeaderNameIsATokenFromExclamationMarkToTilde() {
        assertThat(Require.isToken("!~")).isTrue();
        assertThat(Require.isToken("a b")).isFalse();
        assertThat(Require.isToken("a\u007f")).isFalse();
    }

    @Test
    void anApiKeyTakesEachEndOfTheBearerTokenRangesAndNothingJustOutside() {
        assertThat(Require.bearerToken("apiKey", "AZaz09-._~+/==")).isEqualTo("AZaz09-._~+/==");
        for (String refused : new String[] {"a@", "a[", "a`", "a{", "a:", "a=b", "="}) {
            assertThatThrownBy(() -> Require.bearerToken("apiKey", refused)).as(refused)
                    .isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void aCredentialLosesOnlyTheSpacesTabsAndLineBreaksAroundIt() {
        assertThat(Require.credential("apiKey", " \t\r\nkey\n\r\t ")).isEqualTo("key");
        assertThat(Require.notBlank("field", "a")).isEqualTo("a");
        assertThat(Require.notBlank("field", " a b ")).isEqualTo("a b");
    }
}
