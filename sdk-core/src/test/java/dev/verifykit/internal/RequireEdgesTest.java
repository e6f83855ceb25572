package dev.verifykit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ValidationException;
import java.time.Duration;
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

    @Test
    void wellFormedTextKeepsItsPairsAndNamesTheFirstLoneSurrogatesPlace() {
        assertThat(Require.wellFormed("userId", "a\uD83D\uDE00b\uDBFF\uDFFF")).isEqualTo("a\uD83D\uDE00b\uDBFF\uDFFF");
        assertThat(Require.wellFormed("userId", null)).isNull();
        assertThatThrownBy(() -> Require.wellFormed("userId", "ab\uD800")).isInstanceOf(ValidationException.class)
                .hasMessage("userId: must be well-formed Unicode text (character 3 is a lone surrogate, which cannot be sent as UTF-8)");
        assertThatThrownBy(() -> Require.wellFormed("userId", "\uD83D\uDE00\uDC00")).hasMessageContaining("character 3 is");
        assertThatThrownBy(() -> Require.wellFormed("userId", "\uD800a")).hasMessageContaining("character 1 is");
        assertThatThrownBy(() -> Require.wellFormed("userId", "\uDE00\uD83D")).hasMessageContaining("character 1 is");
    }

    @Test
    void aKeyOfPaddingOnlyIsRefusedNamingTheRuleAndACharacterByItsPlace() {
        assertThatThrownBy(() -> Require.bearerToken("apiKey", "==")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("it holds padding only");
        assertThatThrownBy(() -> Require.bearerToken("apiKey", "\"dk_live_1\"")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("character 1 is not");
        assertThatThrownBy(() -> Require.bearerToken("apiKey", "dk_live_1\"")).hasMessageContaining("character 10 is not");
    }

    @Test
    void aDurationInAMessageKeepsItsFraction() {
        assertThat(Require.seconds(Duration.ofSeconds(5))).isEqualTo("5");
        assertThat(Require.seconds(Duration.ofMillis(1500))).isEqualTo("1.5");
        assertThat(Require.seconds(Duration.ofSeconds(999_999_999, 1))).isEqualTo("999999999.000000001");
    }

    @Test
    void eachLimitIsTakenAtItsEndAndRefusedJustPast() {
        assertThat(Require.between("maxConsecutiveFailures", 1, 1, 100)).isEqualTo(1);
        assertThat(Require.between("maxConsecutiveFailures", 100, 1, 100)).isEqualTo(100);
        assertThatThrownBy(() -> Require.between("maxConsecutiveFailures", 0, 1, 100))
                .hasMessage("maxConsecutiveFailures: must be between 1 and 100 (was 0)");
        assertThatThrownBy(() -> Require.between("maxConsecutiveFailures", 101, 1, 100)).isInstanceOf(ValidationException.class);

        assertThat(Require.claimTimeout("claimTimeout", Duration.ofMillis(3))).isEqualTo(Duration.ofMillis(3));
        assertThat(Require.notNegative("grace", Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThat(Require.httpTimeout("readTimeout", Require.LONGEST_HTTP_TIMEOUT)).isEqualTo(Require.LONGEST_HTTP_TIMEOUT);

        Duration longestRefill = Require.LONGEST.dividedBy(1000);
        assertThat(Require.fillTime("refill", 1000, longestRefill)).isEqualTo(longestRefill);
        assertThatThrownBy(() -> Require.fillTime("refill", 1000, longestRefill.plusNanos(1)))
                .isInstanceOf(ValidationException.class);
    }
}
