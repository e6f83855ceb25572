package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.T;
import static dev.verifykit.webhook.Fixtures.bytes;
import static dev.verifykit.webhook.Fixtures.timestamped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dokai.KycStatus;
import dev.verifykit.webhook.WebhookOutcome.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dokai sends {@code verification.completed} "when the status is verified or unverified"
 * (reference README; {@link DokaiWebhookEvent.Completed}'s Javadoc). A signed completed event whose
 * session is still {@code pending} or {@code processing} was handed to the handler as the session's
 * outcome and committed under the session's one completed-event key, so the real outcome sent
 * later was taken for a copy ({@code ALREADY_HANDLED}) and never handled: the outcome was lost.
 */
class CompletedEventWithoutOutcomeTest {

    @Test
    void aCompletedEventWhoseSessionHasNoOutcomeDoesNotTakeTheRealOutcomesPlace() {
        for (String early : List.of("pending", "document_uploaded", "processing")) {
            WebhookVerifier verifier = Fixtures.verifier(Fixtures.clock()).build();
            List<DokaiWebhookEvent> handled = new ArrayList<>();
            byte[] notYet = bytes("{\"id\":\"ver_abc123\",\"status\":\"" + early
                    + "\",\"type\":\"hosted\",\"event\":\"verification.completed\"}");
            byte[] outcome = bytes("{\"id\":\"ver_abc123\",\"status\":\"verified\",\"type\":\"hosted\","
                    + "\"event\":\"verification.completed\"}");

            WebhookOutcome first = verifier.handle(notYet, timestamped(SECRET, T, notYet), handled::add);
            WebhookOutcome real = verifier.handle(outcome, timestamped(SECRET, T + 60, outcome), handled::add);

            assertThat(real.kind()).as("the real outcome, after a completed event with status %s", early)
                    .isEqualTo(Kind.HANDLED);
            assertThat(first.kind()).as("a completed event with status %s", early).isEqualTo(Kind.REFUSED);
            assertThat(first.httpStatus()).as("a completed event with status %s", early).isEqualTo(400);
            assertThat(first.refusal()).as("the refusal names the field and the rule").hasValueSatisfying(e -> assertThat(e)
                    .hasMessageContaining("status").hasMessageContaining(early).hasMessageContaining("verified or unverified"));
            assertThat(handled).hasSize(1);
            assertThat(((DokaiWebhookEvent.Completed) handled.get(0)).session().status().value())
                    .isEqualTo(KycStatus.VERIFIED);
        }
    }
}
