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
import java.nio.charset.StandardCharsets;
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
    /** A body of one byte. */
    static final byte[] ONE_BYTE = {'{'};
    /** {@code printf '{' | openssl dgst -sha256 -hmac whsec_mock} */
    static final String ONE = "210b47f9d131ca74351e2f565dfd7cd216b4f3514c6a909a97ec6f60c825f283";
    /** {@code printf '1773225060.{' | openssl dgst -sha256 -hmac whsec_mock} */
    static final String V1_ONE = "4c1e91b12ea7d520684dfda0fcf07edafae825f621ca4f785a76053961f87e4f";
    /**
     * The one-byte body's {@code v1} at the tolerance's whole-second edges, t = T - 300, T - 301,
     * T + 300, T + 301: {@code printf "$t.{" | openssl dgst -sha256 -hmac whsec_mock} for each
     * {@code t}, and Python's {@code hmac.new(b'whsec_mock', b'%d.{' % t, hashlib.sha256).hexdigest()}.
     */
    static final String V1_ONE_300_BEFORE = "95fbfaae9355e70361c7f0a185a146057c6f964e76ba45ca0e473c6091905050";
    static final String V1_ONE_301_BEFORE = "027bf9af01debe37cc9e923ae7cd065f808555477ce3664b2ee70946336194d8";
    static final String V1_ONE_300_AFTER = "7f08bdfe56ea82ffe03b928d30b6c495f07b5ba5d9fa6db75316f0a1544cb629";
    static final String V1_ONE_301_AFTER = "5037903e497d496585929f2c22c2303457020cc8538f7311a86b36da5d653045";
    /** A body with CR LF line ends and UTF-8 characters of two, three and four bytes (Ł, 李, 😀). */
    static final String CRLF_BODY_TEXT = "{\"id\":\"ver_1\",\r\n\"identity\":{\"name\":\"\u0141ukasz \u674e \uD83D\uDE00\"}}\r\n";
    /**
     * {@code printf '{"id":"ver_1",\r\n"identity":{"name":"\xc5\x81ukasz \xe6\x9d\x8e \xf0\x9f\x98\x80"}}\r\n'
     * | openssl dgst -sha256 -hmac whsec_mock} (57 bytes).
     */
    static final String CRLF = "0c2be2637e6ee9a0331cd0246a0f8ed84f1e0a16e93e60e5162a04bf27347c94";
    /** The same with {@code 1773225060.} before the body. */
    static final String V1_CRLF = "e359b7cda2f0b37406b51f61a4e15b6ffceb5008dfd9d558de836a79847adc18";
    /**
     * A {@code whsec_} secret of 70 bytes, longer than SHA-256's 64-byte block: RFC 2104 hashes such
     * a key first. {@code -hmac "whsec_$(printf 'k%.0s' $(seq 64))"}.
     */
    static final String LONG_SECRET = "whsec_" + "k".repeat(64);
    /** HMAC-SHA256(LONG_SECRET, CRLF_BODY). */
    static final String LONG_CRLF = "f72b73a6717bcaf2d45ae4164b2288a5c0152c9c6841cc25caa4ef32a535efd1";
    /** HMAC-SHA256(LONG_SECRET, "1773225060." + CRLF_BODY). */
    static final String LONG_V1_CRLF = "1f8f9008d22bf8e53e968f47ecb22b6e331d8b1ca8a2ab29be43899a42f440c6";
    /** A {@code whsec_} secret of exactly one block, 64 bytes: used as it is, not hashed. */
    static final String BLOCK_SECRET = "whsec_" + "k".repeat(58);
    /** {@code printf '{' | openssl dgst -sha256 -hmac "whsec_$(printf 'k%.0s' $(seq 58))"} */
    static final String BLOCK_ONE = "5d22e679f6b92843f9be48b9ee864ffdaa72b38d4df68f04418bbd19bbda9f3d";

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

    @Test
    void aOneByteBodyAndACrLfUtf8BodyVerifyAsTheirVectorsSayAndNotOneDigitOff() {
        byte[] crlfBody = bytes(CRLF_BODY_TEXT);
        assertThat(crlfBody).hasSize(57);
        WebhookSigner signer = WebhookSigner.of(SECRET);

        assertThat(signer.sign(ONE_BYTE)).isEqualTo(ONE);
        assertThat(signer.signTimestamped(ONE_BYTE, NOW)).isEqualTo("t=" + T + ",v1=" + V1_ONE);
        assertThat(signer.sign(crlfBody)).isEqualTo(CRLF);
        assertThat(signer.signTimestamped(crlfBody, NOW)).isEqualTo("t=" + T + ",v1=" + V1_CRLF);
        for (String header : List.of(ONE, ONE.toUpperCase(Locale.ROOT), "sha256=" + ONE, "t=" + T + ",v1=" + V1_ONE)) {
            assertThatCode(() -> verifier.verify(ONE_BYTE, header)).as(header).doesNotThrowAnyException();
        }
        for (String header : List.of(CRLF, "t=" + T + ",v1=" + V1_CRLF, "t=" + T + ",v1=" + V1_CRLF.toUpperCase(Locale.ROOT))) {
            assertThatCode(() -> verifier.verify(crlfBody, header)).as(header).doesNotThrowAnyException();
        }

        for (String near : List.of(oneDigitOff(ONE, 0), oneDigitOff(ONE, 63), oneDigitOff(CRLF, 31))) {
            assertThat(reasonOf(() -> verifier.verify(ONE_BYTE, near))).as(near).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
            assertThat(reasonOf(() -> verifier.verify(crlfBody, near))).as(near).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
        }
        assertThat(reasonOf(() -> verifier.verify(ONE_BYTE, "t=" + T + ",v1=" + oneDigitOff(V1_ONE, 63))))
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
        assertThat(reasonOf(() -> verifier.verify(new byte[0], ONE))).as("no body").isEqualTo(Reason.NO_MATCHING_SIGNATURE);
        assertThat(reasonOf(() -> verifier.verify(bytes(CRLF_BODY_TEXT.replace("\r\n", "\n")), CRLF)))
                .as("line ends rewritten").isEqualTo(Reason.NO_MATCHING_SIGNATURE);
        assertThat(reasonOf(() -> verifier.verify(bytes(CRLF_BODY_TEXT.strip()), CRLF)))
                .as("trailing CR LF trimmed").isEqualTo(Reason.NO_MATCHING_SIGNATURE);
        assertThat(reasonOf(() -> verifier.verify(CRLF_BODY_TEXT.getBytes(StandardCharsets.ISO_8859_1), CRLF)))
                .as("not UTF-8").isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void aSecretLongerThanABlockIsHashedFirstAndOneOfExactlyABlockIsNot() {
        byte[] crlfBody = bytes(CRLF_BODY_TEXT);
        WebhookVerifier longSecret = WebhookVerifier.builder().secret(LONG_SECRET).scheduler(clock).build();
        WebhookVerifier blockSecret = WebhookVerifier.builder().secret(BLOCK_SECRET).scheduler(clock).build();

        assertThat(LONG_SECRET).hasSize(70);
        assertThat(BLOCK_SECRET).hasSize(64);
        assertThat(WebhookSigner.of(LONG_SECRET).sign(crlfBody)).isEqualTo(LONG_CRLF);
        assertThat(WebhookSigner.of(LONG_SECRET).signTimestamped(crlfBody, NOW)).isEqualTo("t=" + T + ",v1=" + LONG_V1_CRLF);
        assertThat(WebhookSigner.of(BLOCK_SECRET).sign(ONE_BYTE)).isEqualTo(BLOCK_ONE);
        assertThatCode(() -> longSecret.verify(crlfBody, LONG_CRLF)).doesNotThrowAnyException();
        assertThatCode(() -> longSecret.verify(crlfBody, "t=" + T + ",v1=" + LONG_V1_CRLF)).doesNotThrowAnyException();
        assertThatCode(() -> blockSecret.verify(ONE_BYTE, BLOCK_ONE)).doesNotThrowAnyException();

        assertThat(reasonOf(() -> longSecret.verify(crlfBody, CRLF))).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
        assertThat(reasonOf(() -> verifier.verify(crlfBody, LONG_CRLF))).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
        assertThat(reasonOf(() -> blockSecret.verify(ONE_BYTE, ONE))).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void aSignedTimestampExactlyTheToleranceAwayInWholeSecondsIsAcceptedAndOneSecondMoreIsNot() {
        // the clock reads exactly T (NOW has no fraction): t = T - 300 and T + 300 lie on the edges
        assertThatCode(() -> verifier.verify(ONE_BYTE, "t=" + (T - 300) + ",v1=" + V1_ONE_300_BEFORE))
                .doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(ONE_BYTE, "t=" + (T + 300) + ",v1=" + V1_ONE_300_AFTER))
                .doesNotThrowAnyException();

        assertThat(reasonOf(() -> verifier.verify(ONE_BYTE, "t=" + (T - 301) + ",v1=" + V1_ONE_301_BEFORE)))
                .isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
        assertThat(reasonOf(() -> verifier.verify(ONE_BYTE, "t=" + (T + 301) + ",v1=" + V1_ONE_301_AFTER)))
                .isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
        assertThat(reasonOf(() -> verifier.verify(ONE_BYTE, "t=" + (T - 300) + ",v1=" + V1_ONE_301_BEFORE)))
                .as("another second's signature").isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    /** {@code hex} with the digit at {@code index} replaced by the next one (f by 0). */
    private static String oneDigitOff(String hex, int index) {
        char c = hex.charAt(index);
        char next = c == 'f' ? '0' : c == '9' ? 'a' : (char) (c + 1);
        return hex.substring(0, index) + next + hex.substring(index + 1);
    }
}
