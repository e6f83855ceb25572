package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.WebhookOutcome;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SDK's own rule (DokaiJson.SESSION, DokaiWireTest.sectionsOfASessionThatDoNotFit...): an
 * optional part of a session that does not fit its type is left unset and kept among the
 * additional properties, so that the session stays readable and a genuine, verified webhook
 * delivery is handled rather than answered 400 on every retry (and lost). {@code url} and
 * {@code type} are optional (only id and status are required) but were read strictly: a completed
 * session whose hosted link was blanked ({@code "url":""}) or given as a path, or whose
 * {@code type} was not text, made the whole session unreadable. (Found by an outside review.)
 */
class UnfitUrlAndTypeTest {
    private static final Instant T0 = Instant.parse("2026-03-11T10:30:00Z");

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private DokaiClient dokai;

    @AfterEach
    void close() {
        if (dokai != null) {
            dokai.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"url\":\"\"", "\"url\":\"/verify/eyJhbGci\"", "\"type\":{\"kind\":\"hosted\"}"})
    void anOptionalFieldThatDoesNotFitIsKeptAndTheVerifiedDeliveryIsHandled(String unfit) {
        String session = "{\"id\":\"ver_abc123\",\"status\":\"verified\"," + unfit
                + ",\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\"";
        byte[] delivery = (session + ",\"event\":\"verification.completed\"}").getBytes(StandardCharsets.UTF_8);
        WebhookVerifier verifier = WebhookVerifier.builder().secret("whsec_review").scheduler(time).build();
        List<DokaiWebhookEvent> handled = new ArrayList<>();

        WebhookOutcome outcome = verifier.handle(delivery, WebhookSigner.of("whsec_review").sign(delivery), handled::add);

        assertThat(outcome.kind()).as("verified delivery with %s: %s", unfit, outcome).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(handled).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"url\":\"\"", "\"url\":\"/verify/eyJhbGci\"", "\"type\":{\"kind\":\"hosted\"}"})
    void retrieveReadsTheSessionKeepingWhatDoesNotFit(String unfit) {
        String session = "{\"id\":\"ver_abc123\",\"status\":\"verified\"," + unfit
                + ",\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\"}";
        for (int i = 0; i < 5; i++) { // the read's retries, should it retry
            server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body(session).build());
        }
        dokai = DokaiClient.builder().apiKey("dk_test_review").baseUrl(server.url("/dokai").toString())
                .scheduler(time).build();

        KycSession read = dokai.verifySessions().retrieve("ver_abc123");

        assertThat(read.status().is(KycStatus.VERIFIED)).isTrue();
        assertThat(read.additionalProperties()).containsKey(unfit.substring(1, unfit.indexOf('"', 1)));
    }
}
