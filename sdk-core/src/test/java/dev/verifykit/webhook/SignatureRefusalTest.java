package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.OTHER_SECRET;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.T;
import static dev.verifykit.webhook.Fixtures.bytes;
import static dev.verifykit.webhook.Fixtures.hmacHex;
import static dev.verifykit.webhook.Fixtures.timestamped;
import static dev.verifykit.webhook.Fixtures.v1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.error.WebhookVerificationException.Reason;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every broken header or body ends as a {@link WebhookVerificationException} with its reason. */
class SignatureRefusalTest {
    private static final int MAX_BODY = 4096;
    private static final String SIG = hmacHex(SECRET, BODY);
    private static final String TSIG = v1(SECRET, T, BODY);

    static Stream<Arguments> refusals() {
        byte[] tampered = BODY.clone();
        tampered[10] ^= 1;
        byte[] large = new byte[MAX_BODY + 1];
        Arrays.fill(large, (byte) 'a');
        String flipped = (SIG.charAt(0) == '0' ? "1" : "0") + SIG.substring(1);
        return Stream.of(
                refused("tampered byte, bare", tampered, SIG, Reason.NO_MATCHING_SIGNATURE),
                refused("tampered byte, timestamped", tampered, "t=" + T + ",v1=" + TSIG, Reason.NO_MATCHING_SIGNATURE),
                refused("wrong secret, bare", BODY, hmacHex(OTHER_SECRET, BODY), Reason.NO_MATCHING_SIGNATURE),
                refused("wrong secret, timestamped", BODY, timestamped(OTHER_SECRET, T, BODY), Reason.NO_MATCHING_SIGNATURE),
                refused("wrong secret, prefixed", BODY, "sha256=" + hmacHex(OTHER_SECRET, BODY), Reason.NO_MATCHING_SIGNATURE),
                refused("one hex digit changed", BODY, flipped, Reason.NO_MATCHING_SIGNATURE),
                refused("t changed after signing", BODY, "t=" + (T + 1) + ",v1=" + TSIG, Reason.NO_MATCHING_SIGNATURE),
                refused("timestamped v1 sent bare", BODY, TSIG, Reason.NO_MATCHING_SIGNATURE),
                refused("bare signature sent as v1", BODY, "t=" + T + ",v1=" + SIG, Reason.NO_MATCHING_SIGNATURE),
                refused("empty body, signature of another", new byte[0], SIG, Reason.NO_MATCHING_SIGNATURE),
                refused("truncated hex", BODY, SIG.substring(0, 62), Reason.MALFORMED_HEADER),
                refused("odd length", BODY, SIG.substring(0, 63), Reason.MALFORMED_HEADER),
                refused("too long hex", BODY, SIG + "00", Reason.MALFORMED_HEADER),
                refused("non-hex", BODY, "g" + SIG.substring(1), Reason.MALFORMED_HEADER),
                refused("empty header", BODY, "", Reason.MALFORMED_HEADER),
                refused("null header", BODY, null, Reason.MISSING_HEADER),
                refused("blank header", BODY, "   ", Reason.MALFORMED_HEADER),
                refused("leading space", BODY, " " + SIG, Reason.MALFORMED_HEADER),
                refused("space after comma", BODY, "t=" + T + ", v1=" + TSIG, Reason.MALFORMED_HEADER),
                refused("space in an unknown entry", BODY, "t=" + T + ",v1=" + TSIG + ",v0=a b", Reason.MALFORMED_HEADER),
                refused("non-ASCII in an unknown entry", BODY, "t=" + T + ",v1=" + TSIG + ",v0=é", Reason.MALFORMED_HEADER),
                refused("control character in an unknown key", BODY, "t=" + T + ",\u0001=0,v1=" + TSIG,
                        Reason.MALFORMED_HEADER),
                refused("non-ASCII s in sha256=", BODY, "\u017Fha256=" + SIG, Reason.MALFORMED_HEADER),
                refused("non-ASCII", BODY, "t=" + T + ",v1=" + TSIG.substring(1) + "é", Reason.MALFORMED_HEADER),
                refused("sha256= with nothing", BODY, "sha256=", Reason.MALFORMED_HEADER),
                refused("sha256= truncated", BODY, "sha256=" + SIG.substring(2), Reason.MALFORMED_HEADER),
                refused("duplicated t", BODY, "t=" + T + ",t=" + T + ",v1=" + TSIG, Reason.MALFORMED_HEADER),
                refused("missing v1", BODY, "t=" + T, Reason.MALFORMED_HEADER),
                refused("missing t", BODY, "v1=" + TSIG, Reason.MALFORMED_HEADER),
                refused("v1 empty", BODY, "t=" + T + ",v1=", Reason.MALFORMED_HEADER),
                refused("v1 not hex", BODY, "t=" + T + ",v1=" + TSIG.substring(1) + "z", Reason.MALFORMED_HEADER),
                refused("one good v1 and one truncated", BODY, "t=" + T + ",v1=" + TSIG + ",v1=abc", Reason.MALFORMED_HEADER),
                refused("t empty", BODY, "t=,v1=" + TSIG, Reason.MALFORMED_HEADER),
                refused("t not numeric", BODY, "t=abc,v1=" + TSIG, Reason.MALFORMED_HEADER),
                refused("t in exponent notation", BODY, "t=1.7e9,v1=" + TSIG, Reason.MALFORMED_HEADER),
                refused("t negative", BODY, timestamped(SECRET, -1, BODY), Reason.MALFORMED_HEADER),
                refused("t overflowing long", BODY, "t=9223372036854775808,v1=" + TSIG, Reason.MALFORMED_HEADER),
                refused("t of 25 digits", BODY, "t=1000000000000000000000000,v1=" + TSIG, Reason.MALFORMED_HEADER),
                refused("t = Long.MAX_VALUE, signed", BODY, timestamped(SECRET, Long.MAX_VALUE, BODY),
                        Reason.TIMESTAMP_OUTSIDE_TOLERANCE),
                refused("stale by 301 s", BODY, timestamped(SECRET, T - 301, BODY), Reason.TIMESTAMP_OUTSIDE_TOLERANCE),
                refused("future by 301 s", BODY, timestamped(SECRET, T + 301, BODY), Reason.TIMESTAMP_OUTSIDE_TOLERANCE),
                refused("t = 0, signed", BODY, timestamped(SECRET, 0, BODY), Reason.TIMESTAMP_OUTSIDE_TOLERANCE),
                refused("trailing comma", BODY, "t=" + T + ",v1=" + TSIG + ",", Reason.MALFORMED_HEADER),
                refused("entry without =", BODY, "t=" + T + ",v1=" + TSIG + ",junk", Reason.MALFORMED_HEADER),
                refused("only commas", BODY, ",,", Reason.MALFORMED_HEADER),
                refused("key missing", BODY, "=" + T + ",v1=" + TSIG, Reason.MALFORMED_HEADER),
                refused("huge header", BODY, "t=" + T + ",v1=" + TSIG + ",x=" + "a".repeat(8192), Reason.MALFORMED_HEADER),
                refused("body too large", large, hmacHex(SECRET, large), Reason.BODY_TOO_LARGE));
    }

    private static Arguments refused(String name, byte[] body, String header, Reason reason) {
        return Arguments.of(name, body, header, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedWithItsReason(String name, byte[] body, String header, Reason reason) {
        WebhookVerifier verifier = Fixtures.verifier(Fixtures.clock()).maxBodyBytes(MAX_BODY).build();

        WebhookVerificationException e =
                catchThrowableOfType(() -> verifier.verify(body, header), WebhookVerificationException.class);

        assertThat(e).as(name).isNotNull();
        assertThat(e.reason()).as(name).isEqualTo(reason);
        assertThat(e.getMessage()).as(name)
                .doesNotContain(SECRET, OTHER_SECRET, SIG, TSIG, hmacHex(SECRET, body), v1(SECRET, T, body));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedTheSameWayWhenParsing(String name, byte[] body, String header, Reason reason) {
        WebhookVerifier verifier = Fixtures.verifier(Fixtures.clock()).maxBodyBytes(MAX_BODY).build();

        WebhookVerificationException e =
                catchThrowableOfType(() -> verifier.verifyAndParse(body, header), WebhookVerificationException.class);

        assertThat(e).as(name).isNotNull();
        assertThat(e.reason()).as(name).isEqualTo(reason);
    }

    static Stream<Arguments> headerForms() {
        return Stream.of(Arguments.of("bare", SIG), Arguments.of("timestamped", "t=" + T + ",v1=" + TSIG));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerForms")
    void theSameHeadersAreAcceptedOnTheUntamperedBody(String name, String header) {
        WebhookVerifier verifier = Fixtures.verifier(Fixtures.clock()).maxBodyBytes(MAX_BODY).build();

        verifier.verify(bytes(Fixtures.BODY_TEXT), header);
    }

    @ParameterizedTest
    @ValueSource(strings = {" sig", "t=1,\tv1=ab", "t=1,v1=ab,v0=\u00e9", "t=\u0661,v1=ab", "sha256=ab\u0000"})
    void aCharacterOutsidePrintableAsciiIsNamedBeforeWhateverElseIsWrong(String header) {
        WebhookVerifier verifier = Fixtures.verifier(Fixtures.clock()).build();

        WebhookVerificationException e =
                catchThrowableOfType(() -> verifier.verify(BODY, header), WebhookVerificationException.class);

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(e.getMessage()).contains("contains whitespace, control or non-ASCII characters");
    }
}
