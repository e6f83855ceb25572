package dev.verifykit.mock.internal.dokai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.DokaiSettings.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The mock signs deliveries as CONTRACT.md says: "the header value is the lower-case hex
 * HMAC-SHA256 of the raw request body keyed with the webhook secret", or, timestamped,
 * {@code t=<unix seconds>,v1=<hex HMAC of "<t>.<raw body>">}. The expected values were computed
 * outside Java with {@code openssl dgst -sha256 -hmac whsec_mock} and Python's {@code hmac}
 * module (they agreed), over the Dokai document's result example plus {@code event}.
 */
class SignatureVectorsTest {
    private static final byte[] BODY = ("{\"id\":\"ver_abc123\",\"status\":\"verified\",\"type\":\"hosted\","
            + "\"face_match\":{\"matched\":true,\"score\":0.92,\"threshold\":0.363},"
            + "\"liveness\":{\"passed\":true,\"score\":0.78,\"checks\":{\"texture\":0.85,\"frequency\":0.8,"
            + "\"reflection\":0.72,\"sharpness\":0.92,\"color\":0.75}},"
            + "\"identity\":{\"name\":\"AHMAD BIN IBRAHIM\",\"id_number\":\"901215-08-5523\"},"
            + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\","
            + "\"event\":\"verification.completed\"}").getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-03-11T10:31:00.750Z");

    @Test
    void thePlainSignatureIsTheLowerCaseHexHmacOfTheBody() {
        assertThat(Signatures.header(SignatureScheme.PLAIN, "whsec_mock", BODY, NOW))
                .isEqualTo("fb9090f8bb1246c8a2d2f4994a04be0cbb5e770835d02fdb3de790887dce0403");
        assertThat(Signatures.header(SignatureScheme.PLAIN, "whsec_mock", new byte[0], NOW))
                .isEqualTo("1af25d297c3a3a7dc6e90fd9fe9b65b796c7ee04a3fd51e226b51597605a749a");
        assertThat(Signatures.header(SignatureScheme.PLAIN, "whsec_rotated_2026", BODY, NOW))
                .isEqualTo("933b957b5c570281c1ee2c2c730a16c2f33f95e99b30d672ef94f068d7126dba");
    }

    @Test
    void theTimestampedSignatureSignsWholeSecondsDotBody() {
        assertThat(Signatures.header(SignatureScheme.TIMESTAMPED, "whsec_mock", BODY, NOW))
                .isEqualTo("t=1773225060,v1=ce1221aca73de6401dbf24188047d319047334cba6ed4ea2a96822186c06676c");
        assertThat(Signatures.header(SignatureScheme.TIMESTAMPED, "whsec_mock", new byte[0], NOW))
                .isEqualTo("t=1773225060,v1=5531a6e389d707162fe72e676c6f12e574a07bc1b2d6c13cbc8cc673f7d848cb");
    }
}
