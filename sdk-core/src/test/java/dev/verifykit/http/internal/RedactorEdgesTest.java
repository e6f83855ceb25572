package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.internal.Escapes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Edges of the redactor and of the escaping of server text that no other test pinned (found by
 * mutation testing): each is a place where a change of one comparison would show a secret, a JWT or
 * a control character, cut a text that fits, or throw while a message is being made.
 */
@Timeout(30)
class RedactorEdgesTest {
    private static final String SECRET = "abcdefghijklmnopqrst";
    private final Redactor redactor = new Redactor(List.of(Secret.of(SECRET)));

    /** "Those of at least 8 characters" are looked for in an answer's data; a shorter one is not. */
    @Test
    void aSecretOfExactlyEightCharactersIsMaskedInDataAndOneOfSevenIsNot() {
        Redactor eight = new Redactor(List.of(Secret.of("k8_abcde")));
        Redactor seven = new Redactor(List.of(Secret.of("k7_abcd")));

        assertThat(eight.reflectedMasked("id k8_abcde")).isEqualTo("id " + Redactor.MASK);
        assertThat(seven.reflectedMasked("id k7_abcd")).isEqualTo("id k7_abcd");
    }

    /** A text of exactly {@value Redactor#MAX_SERVER_TEXT} characters, escapes counted, is shown whole. */
    @Test
    void aServerTextOfExactlyTheLimitIsNotCutAndOneCharacterMoreIs() {
        String longest = "x".repeat(Redactor.MAX_SERVER_TEXT);
        String escapedToTheLimit = "x".repeat(Redactor.MAX_SERVER_TEXT - Escapes.ESCAPED_LENGTH) + "\u001b";

        assertThat(redactor.serverText(longest)).isEqualTo(longest);
        assertThat(redactor.serverText(escapedToTheLimit))
                .isEqualTo("x".repeat(Redactor.MAX_SERVER_TEXT - Escapes.ESCAPED_LENGTH) + "\\u001B");
        assertThat(redactor.serverText(longest + "x")).endsWith("… (1001 characters)");
    }

    /** The start of a secret before a cut mark, of exactly the shortest length masked (8), is masked. */
    @Test
    void aStartOfExactlyTheShortestLengthBeforeACutIsMasked() {
        assertThat(redactor.redact("near abcdefgh…")).isEqualTo("near " + Redactor.MASK + "…");
    }

    /** A start before a cut is found in the forms the secret itself is (here percent-encoded). */
    @Test
    void aPercentEncodedStartBeforeACutIsMasked() {
        assertThat(redactor.redact("near %61bcdefghij…")).isEqualTo("near " + Redactor.MASK + "…");
    }

    /**
     * A start found from the text's first character is kept when a later secret's start is found
     * after it: the mask starts at the earliest, or the first characters of the longer one show.
     */
    @Test
    void aStartFromTheFirstCharacterIsNotShortenedByAnotherSecretsStart() {
        Redactor two = new Redactor(List.of(Secret.of(SECRET), Secret.of("efghijkl-other")));

        assertThat(two.redact("abcdefghijkl…")).isEqualTo(Redactor.MASK + "…");
    }

    /** A secret whose last character is JSON-escaped at the very end of the text is found. */
    @Test
    void aJsonEscapeEndingTheTextIsRead() {
        assertThat(redactor.redact("key " + SECRET.substring(0, SECRET.length() - 1) + "\\u0074"))
                .isEqualTo("key " + Redactor.MASK);
    }

    /** Escapes cut by the end of the text (a server's text may end anywhere) are read as text, without failing or looping. */
    @Test
    void anEscapeCutByTheEndOfTheTextIsLeftAsItIs() {
        for (String text : List.of("zzzzzzzzzzzzzzzzzzzzz%6", "zzzzzzzzzzzzzzzzzzzzz%", SECRET.substring(0, 19) + "\\",
                SECRET.substring(0, 19) + "\\u007", "zzzzzzzzzzzzzzzzzzzz\u0080")) {
            assertThat(redactor.redact(text)).as(text).isEqualTo(text);
        }
    }

    /** A JWT is masked whole, whichever base64url characters it holds (the ends of each range included). */
    @Test
    void aJwtHoldingTheEndsOfEachCharacterRangeIsMaskedWhole() {
        String jwt = "eyJAZaz09-_.eyJAZaz09-_.AZaz09-_AZaz09";

        assertThat(Redactor.none().redact("token " + jwt + " end")).isEqualTo("token " + Redactor.MASK + " end");
    }

    /** Escapes' documented ranges, each end included, and the characters just outside them kept. */
    @Test
    void escapesCoverTheEndsOfEachRangeExactly() {
        for (char c : new char[] {0x00, 0x1f, 0x7f, 0x80, 0x9f, 0x2028, 0x2029, 0x202a, 0x202e, 0x2066, 0x2069}) {
            assertThat(Escapes.isUnsafe(c)).as("U+%04X", (int) c).isTrue();
            assertThat(Escapes.escaped("a" + c)).as("U+%04X", (int) c).isEqualTo(String.format("a\\u%04X", (int) c));
        }
        for (char c : new char[] {0x20, 0x7e, 0xa0, 0x2027, 0x202f, 0x2065, 0x206a}) {
            assertThat(Escapes.isUnsafe(c)).as("U+%04X", (int) c).isFalse();
        }
    }

    /** A text ending in a CR inside what may be a secret (a line cut there) is shown as it is, nothing thrown. */
    @Test
    void aTextEndingInACarriageReturnAfterTheStartOfASecretIsRedactedWithoutFailing() {
        assertThat(redactor.redact("the key was abcdefghij\r")).isEqualTo("the key was abcdefghij\r");
    }

    /**
     * Before a cut mark, a start of a secret "shorter than half the secret and than 8 characters" is
     * left: counted in the secret's characters, not in the text's (4 characters, percent-encoded in 12).
     */
    @Test
    void aPercentEncodedStartOfFewerThanEightCharactersOfTheSecretBeforeACutMarkIsNotMasked() {
        assertThat(redactor.redact("key=%61%62%63%64…")).isEqualTo("key=%61%62%63%64…");
        assertThat(redactor.redact("key=%61%62%63%64%65%66%67%68…")).isEqualTo("key=" + Redactor.MASK + "…");
    }
}
