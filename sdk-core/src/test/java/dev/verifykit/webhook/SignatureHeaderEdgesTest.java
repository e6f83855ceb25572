package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.T;
import static dev.verifykit.webhook.Fixtures.v1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.error.WebhookVerificationException.Reason;
import dev.verifykit.webhook.internal.SignatureHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Edges of the {@code X-Dokai-Signature} parser that no other test pinned (found by mutation testing):
 * the longest header accepted, an entry with an empty key, a space or DEL in an entry the parser
 * skips, and a signature of zeros only.
 */
class SignatureHeaderEdgesTest {
    private final WebhookVerifier verifier = Fixtures.verifier(Fixtures.clock()).build();

    /** {@link SignatureHeader#MAX_LENGTH} is "the longest header accepted": a header of exactly that length verifies. */
    @Test
    void aHeaderOfExactlyTheLongestLengthIsAcceptedAndOneCharacterMoreIsNot() {
        String signed = "t=" + T + ",v1=" + v1(SECRET, T, BODY) + ",x=";
        String longest = signed + "a".repeat(SignatureHeader.MAX_LENGTH - signed.length());
        assertThat(longest).hasSize(SignatureHeader.MAX_LENGTH);

        assertThatCode(() -> verifier.verify(BODY, longest)).doesNotThrowAnyException();
        assertThat(refusal(longest + "a")).isEqualTo(Reason.MALFORMED_HEADER);
    }

    /** Each entry of the timestamped form is {@code key=value}: an empty key is not one, wherever it is. */
    @Test
    void anEntryWithAnEmptyKeyIsMalformedAfterTheFirstToo() {
        String signature = v1(SECRET, T, BODY);

        assertThat(refusal("t=" + T + ",=x,v1=" + signature)).isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(refusal("t=" + T + ",v1=" + signature + ",=")).isEqualTo(Reason.MALFORMED_HEADER);
    }

    /** An entry the parser skips is still checked for its characters: a space or DEL is refused, and named. */
    @ParameterizedTest
    @ValueSource(strings = {"a b", "a\u007fb"})
    void aSpaceOrDelInASkippedEntryIsRefusedAndNamed(String skipped) {
        String header = "t=" + T + ",v1=" + v1(SECRET, T, BODY) + ",v0=" + skipped;

        Throwable refused = catchThrowable(() -> verifier.verify(BODY, header));

        assertThat(refused).isInstanceOf(WebhookVerificationException.class)
                .hasMessageContaining("contains whitespace, control or non-ASCII characters");
        assertThat(((WebhookVerificationException) refused).reason()).isEqualTo(Reason.MALFORMED_HEADER);
    }

    /**
     * "The delivery verifies when any of them matches": a {@code v1} candidate of zeros only is a
     * well-formed signature that does not match, not a malformed one, so the candidate after it is
     * still compared (and a header of zeros alone is refused as not matching).
     */
    @Test
    void aCandidateOfZerosIsWellFormedAndTheNextOneStillVerifies() {
        String zeros = "0".repeat(64);

        assertThatCode(() -> verifier.verify(BODY, "t=" + T + ",v1=" + zeros + ",v1=" + v1(SECRET, T, BODY)))
                .doesNotThrowAnyException();
        assertThat(refusal(zeros)).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
        assertThat(refusal("t=" + T + ",v1=" + zeros)).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    private Reason refusal(String header) {
        Throwable refused = catchThrowable(() -> verifier.verify(BODY, header));
        assertThat(refused).as(header).isInstanceOf(WebhookVerificationException.class);
        return ((WebhookVerificationException) refused).reason();
    }
}
