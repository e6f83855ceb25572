package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.NOW;
import static dev.verifykit.webhook.Fixtures.OTHER_SECRET;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.bytes;
import static dev.verifykit.webhook.WebhookVerifierTest.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.verifykit.error.WebhookVerificationException.Reason;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Signatures computed outside Java, from the documents' words, and written down here as literals,
 * so that a misreading shared by the verifier, the signer and the tests' own {@code Fixtures}
 * (which sign with {@code javax.crypto.Mac} the same way) cannot pass unnoticed.
 *
 * <p>The rule ({@code CONTRACT.md}, "Signature"): "the header value is the lower-case hex
 * HMAC-SHA256 of the raw request body keyed with the webhook secret. The SDK's verifier also
 * accepts a {@code sha256=} prefix and the timestamped form {@code t=<unix seconds>,v1=<hex HMAC of
 * "<t>.<raw body>">} (several {@code v1=} entries allowed, for secret rotation) […] a timestamp
 * outside the tolerance (default 5 minutes) is rejected."
 *
 * <p>Each value was computed with both {@code openssl dgst -sha256 -hmac <secret>} and Python's
 * {@code hmac.new(secret, message, hashlib.sha256).hexdigest()}, which agreed; the body is
 * {@link Fixtures#BODY_TEXT} (the Dokai document's result example plus {@code event}) and
 * {@code t} is {@link Fixtures#NOW}, 2026-03-11T10:31:00Z.
 */
class IndependentVectorsTest {
    static final long T = 1773225060L;
    /** HMAC-SHA256(whsec_mock, BODY). */
    static final String BARE = "fb9090f8bb1246c8a2d2f4994a04be0cbb5e770835d02fdb3de790887dce0403";
    /** HMAC-SHA256(whsec_rotated_2026, BODY). */
    static final String BARE_ROTATED = "933b957b5c570281c1ee2c2c730a16c2f33f95e99b30d672ef94f068d7126dba";
    /** HMAC-SHA256(whsec_mock, "1773225060." + BODY). */
    static final String V1 = "ce1221aca73de6401dbf24188047d319047334cba6ed4ea2a96822186c06676c";
    /** HMAC-SHA256(whsec_rotated_2026, "1773225060." + BODY). */
    static final String V1_ROTATED = "e7e14a0697acb4eb89d43d018016557d803eed44a56a3b336691edfb359fa3d3";
    /** HMAC-SHA256(whsec_mock, ""). */
    static final String EMPTY = "1af25d297c3a3a7dc6e90fd9fe9b65b796c7ee04a3fd51e226b51597605a749a";
    /** HMAC-SHA256(whsec_mock, "1773225060."). */
    static final String V1_EMPTY = "5531a6e389d707162fe72e676c6f12e574a07bc1b2d6c13cbc8cc673f7d848cb";
    /** A body with non-ASCII text, signed as its UTF-8 bytes. */
    static final String UTF8_BODY = "{\"id\":\"ver_1\",\"identity\":{\"name\":\"Zoë Ångström\"}}";
    /** HMAC-SHA256(whsec_mock, UTF-8 bytes of UTF8_BODY). */
    static final String UTF8 = "54a62d7b79b1c71f34ab25d474a4ad892cec753431c24b3e63e3f3271d772394";

    private final VirtualScheduler clock = Fixtures.clock();
    private final WebhookVerifier verifier = Fixtures.verifier(clock).build();

    @Test
    void theFixturesTimeIsTheVectorsTime() {
        assertThat(NOW.getEpochSecond()).isEqualTo(T);
    }

    @Test
    void theSignerProducesTheVectors() {
        WebhookSigner signer = WebhookSigner.of(SECRET);

        assertThat(signer.sign(BODY)).isEqualTo(BARE);
        assertThat(signer.sign(new byte[0])).isEqualTo(EMPTY);
        assertThat(signer.sign(bytes(UTF8_BODY))).isEqualTo(UTF8);
        assertThat(signer.signTimestamped(BODY, NOW)).isEqualTo("t=" + T + ",v1=" + V1);
        assertThat(signer.signTimestamped(new byte[0], NOW)).isEqualTo("t=" + T + ",v1=" + V1_EMPTY);
        assertThat(signer.signTimestamped(BODY, NOW.plusMillis(999))).as("fractions of a second are dropped")
                .isEqualTo("t=" + T + ",v1=" + V1);
        assertThat(WebhookSigner.of(OTHER_SECRET).sign(BODY)).isEqualTo(BARE_ROTATED);
    }

    @Test
    void theVerifierAcceptsTheBareVectorsInEitherCaseAndWithThePrefix() {
        for (String header : List.of(BARE, BARE.toUpperCase(Locale.ROOT), "sha256=" + BARE,
                "sha256=" + BARE.toUpperCase(Locale.ROOT))) {
            assertThatCode(() -> verifier.verify(BODY, header)).as(header).doesNotThrowAnyException();
        }
        assertThatCode(() -> verifier.verify(new byte[0], EMPTY)).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(bytes(UTF8_BODY), UTF8)).doesNotThrowAnyException();
    }

    @Test
    void theVerifierAcceptsTheTimestampedVectors() {
        assertThatCode(() -> verifier.verify(BODY, "t=" + T + ",v1=" + V1)).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(BODY, "t=" + T + ",v1=" + V1.toUpperCase(Locale.ROOT)))
                .doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(BODY, "v1=" + V1 + ",t=" + T)).as("entries in any order")
                .doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(new byte[0], "t=" + T + ",v1=" + V1_EMPTY)).doesNotThrowAnyException();
    }

    @Test
    void aBareSignatureIsNotATimestampedOneAndTheOtherWayRound() {
        assertThat(reasonOf(() -> verifier.verify(BODY, "t=" + T + ",v1=" + BARE)))
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
        assertThat(reasonOf(() -> verifier.verify(BODY, V1))).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void severalV1EntriesServeRotationWhicheverComesFirst() {
        WebhookVerifier newSecretOnly = WebhookVerifier.builder().secret(OTHER_SECRET).scheduler(clock).build();
        String both = "t=" + T + ",v1=" + V1 + ",v1=" + V1_ROTATED;
        String bothSwapped = "t=" + T + ",v1=" + V1_ROTATED + ",v1=" + V1;

        assertThatCode(() -> verifier.verify(BODY, both)).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(BODY, bothSwapped)).doesNotThrowAnyException();
        assertThatCode(() -> newSecretOnly.verify(BODY, both)).doesNotThrowAnyException();
        assertThatCode(() -> newSecretOnly.verify(BODY, bothSwapped)).doesNotThrowAnyException();
        assertThat(reasonOf(() -> newSecretOnly.verify(BODY, "t=" + T + ",v1=" + V1)))
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void aVerifierWithBothSecretsAcceptsEitherSignature() {
        WebhookVerifier rotating = WebhookVerifier.builder().secrets(List.of(SECRET, OTHER_SECRET)).scheduler(clock).build();

        assertThatCode(() -> rotating.verify(BODY, BARE)).doesNotThrowAnyException();
        assertThatCode(() -> rotating.verify(BODY, BARE_ROTATED)).doesNotThrowAnyException();
        assertThatCode(() -> rotating.verify(BODY, "t=" + T + ",v1=" + V1_ROTATED)).doesNotThrowAnyException();
        assertThat(reasonOf(() -> verifier.verify(BODY, BARE_ROTATED))).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void theVectorIsAcceptedExactlyAtTheToleranceAndRefusedASecondAfterBothWays() {
        String header = "t=" + T + ",v1=" + V1;
        VirtualScheduler early = VirtualScheduler.manual(NOW.minus(Duration.ofMinutes(5)));
        WebhookVerifier beforeT = Fixtures.verifier(early).build();

        clock.advance(Duration.ofMinutes(5));
        assertThatCode(() -> verifier.verify(BODY, header)).as("5 minutes after t").doesNotThrowAnyException();
        assertThatCode(() -> beforeT.verify(BODY, header)).as("5 minutes before t").doesNotThrowAnyException();

        clock.advance(Duration.ofMillis(1));
        assertThat(reasonOf(() -> verifier.verify(BODY, header))).isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
        VirtualScheduler earlier = VirtualScheduler.manual(NOW.minus(Duration.ofMinutes(5)).minusMillis(1));
        assertThat(reasonOf(() -> Fixtures.verifier(earlier).build().verify(BODY, header)))
                .isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
    }
}
