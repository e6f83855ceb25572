package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.NOW;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.T;
import static dev.verifykit.webhook.Fixtures.hmacHex;
import static dev.verifykit.webhook.Fixtures.v1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ValidationException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
    private final WebhookSigner signer = WebhookSigner.of(SECRET);

    @Test
    void signsAsDokaiDoes() {
        assertThat(signer.sign(BODY)).isEqualTo(hmacHex(SECRET, BODY)).matches("[0-9a-f]{64}");
        assertThat(signer.sign(new byte[0])).isEqualTo(hmacHex(SECRET, new byte[0]));
    }

    @Test
    void signsTheTimestampedFormInWholeSeconds() {
        assertThat(signer.signTimestamped(BODY, NOW.plusMillis(999))).isEqualTo("t=" + T + ",v1=" + v1(SECRET, T, BODY));
        assertThat(signer.signTimestamped(BODY, Instant.EPOCH)).startsWith("t=0,v1=");
    }

    @Test
    void itsOutputVerifies() {
        WebhookVerifier verifier = Fixtures.verifier(Fixtures.clock()).build();

        assertThatCode(() -> verifier.verify(BODY, signer.sign(BODY))).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(BODY, signer.signTimestamped(BODY, NOW))).doesNotThrowAnyException();
        assertThat(verifier.verifyAndParse(BODY, signer.signTimestamped(BODY, NOW)).type())
                .isEqualTo(DokaiWebhookEvent.TYPE_COMPLETED);
    }

    /**
     * The verifier uses a secret without its surrounding whitespace (a secret read from a file keeps
     * its line feed); the signer used the whole string, so the two disagreed on the same secret.
     */
    @Test
    void takesTheSecretAsTheVerifierTakesIt() {
        String padded = " " + SECRET + "\n";
        WebhookSigner fromFile = WebhookSigner.of(padded);
        WebhookVerifier verifier = WebhookVerifier.builder().secret(padded).scheduler(Fixtures.clock()).build();

        assertThat(fromFile.sign(BODY)).isEqualTo(IndependentVectorsTest.BARE);
        assertThatCode(() -> verifier.verify(BODY, fromFile.sign(BODY))).doesNotThrowAnyException();
        for (String refused : new String[] {"whsec_\u00e9", "whsec_a\nb", "whsec_a\u0000b"}) {
            assertThatThrownBy(() -> WebhookVerifier.builder().secret(refused)).as("verifier")
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("secret"));
            assertThatThrownBy(() -> WebhookSigner.of(refused)).as("signer")
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("secret"));
        }
    }

    @Test
    void neverShowsItsSecret() {
        assertThat(signer.toString()).doesNotContain(SECRET).contains("REDACTED");
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> WebhookSigner.of(" "))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("secret"));
        assertThatThrownBy(() -> signer.sign(null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("body"));
        assertThatThrownBy(() -> signer.signTimestamped(BODY, null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("timestamp"));
        assertThatThrownBy(() -> signer.signTimestamped(BODY, Instant.EPOCH.minusSeconds(1)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("timestamp"));
    }
}
