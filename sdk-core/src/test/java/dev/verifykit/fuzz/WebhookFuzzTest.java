package dev.verifykit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import dev.verifykit.webhook.internal.SignatureHeader;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The webhook signature header parser and verifier under arbitrary input: every refusal is a
 * {@link WebhookVerificationException}, and a verified body that is not an event a
 * {@link MalformedResponseException} (as documented); nothing else may escape. In {@code ./mvnw verify} these run
 * on their corpus ({@code src/test/resources/dev/verifykit/fuzz/WebhookFuzzTestInputs/}); with
 * {@code JAZZER_FUZZ=1} (see {@code bench/fuzz}) they fuzz.
 */
class WebhookFuzzTest {
    private static final Instant NOW = Instant.parse("2026-03-11T10:30:00Z");
    private static final String SECRET = "whsec_fuzz_7f3a";
    private static final WebhookSigner SIGNER = WebhookSigner.of(SECRET);
    private static final WebhookVerifier VERIFIER = WebhookVerifier.builder()
            .secrets(List.of(SECRET, "whsec_fuzz_old_91c2")).scheduler(VirtualScheduler.manual(NOW)).build();

    @FuzzTest(maxDuration = "2m")
    void signatureHeaderParser(FuzzedDataProvider data) {
        try {
            SignatureHeader header = SignatureHeader.parse(data.consumeRemainingAsString()).requireHex();
            header.timestamped();
        } catch (WebhookVerificationException expected) {
            // the one domain exception
        }
    }

    @FuzzTest(maxDuration = "2m")
    void verifierWithArbitraryHeaderAndBody(FuzzedDataProvider data) {
        String header = data.consumeString(300);
        int variant = data.consumeInt(0, 3);
        byte[] body = data.consumeRemainingAsBytes();
        try {
            switch (variant) {
                case 0 -> VERIFIER.verify(body, header);
                case 1 -> VERIFIER.verify(new ByteArrayInputStream(body), header);
                case 2 -> VERIFIER.verify(body, Map.of("x-dokai-signature", List.of(header, header)));
                default -> VERIFIER.verifyAndParse(body, header);
            }
        } catch (WebhookVerificationException | MalformedResponseException expected) {
            // refused, or (verifyAndParse, documented) verified but not a Dokai event
        }
    }

    /** Validly signed bodies reach the event parser: arbitrary JSON must parse or be refused, nothing else. */
    @FuzzTest(maxDuration = "2m")
    void parserBehindAValidSignature(FuzzedDataProvider data) {
        boolean timestamped = data.consumeBoolean();
        long skewSeconds = data.consumeLong(-900, 900);
        byte[] body = data.consumeRemainingAsBytes();
        String header = timestamped ? SIGNER.signTimestamped(body, NOW.plusSeconds(skewSeconds)) : SIGNER.sign(body);
        List<String> headers = new ArrayList<>();
        headers.add(header);
        try {
            VERIFIER.verifyAndParse(body, header).toString();
            VERIFIER.verifyAndParse(new ByteArrayInputStream(body), Map.of("X-Dokai-Signature", headers));
        } catch (WebhookVerificationException | MalformedResponseException expected) {
            // refused (outside the tolerance), or verified but not a Dokai event (documented)
        }
    }
}
