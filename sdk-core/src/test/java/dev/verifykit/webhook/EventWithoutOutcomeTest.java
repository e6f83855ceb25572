package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.T;
import static dev.verifykit.webhook.Fixtures.bytes;
import static dev.verifykit.webhook.Fixtures.timestamped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.webhook.WebhookOutcome.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Dokai sends {@code verification.completed} "when the status is verified or unverified" and
 * {@code verification.failed} "on {@code failed}" (reference README). A signed event of either type
 * whose session is still {@code pending}, {@code document_uploaded} or {@code processing} was handed
 * to the handler as the session's outcome and committed under the session's one key for that type,
 * so the real outcome sent later was taken for a copy ({@code ALREADY_HANDLED}) and never handled.
 */
class EventWithoutOutcomeTest {

    @ParameterizedTest
    @CsvSource({"verification.completed, verified, verified or unverified", "verification.failed, failed, failed"})
    void anEventWhoseSessionHasNoOutcomeDoesNotTakeTheRealOutcomesPlace(String type, String outcomeStatus, String rule) {
        for (String early : List.of("pending", "document_uploaded", "processing")) {
            WebhookVerifier verifier = Fixtures.verifier(Fixtures.clock()).build();
            List<DokaiWebhookEvent> handled = new ArrayList<>();
            byte[] notYet = bytes("{\"id\":\"ver_abc123\",\"status\":\"" + early
                    + "\",\"type\":\"hosted\",\"event\":\"" + type + "\"}");
            byte[] outcome = bytes("{\"id\":\"ver_abc123\",\"status\":\"" + outcomeStatus + "\",\"type\":\"hosted\","
                    + "\"event\":\"" + type + "\"}");

            WebhookOutcome first = verifier.handle(notYet, timestamped(SECRET, T, notYet), handled::add);
            WebhookOutcome real = verifier.handle(outcome, timestamped(SECRET, T + 60, outcome), handled::add);

            assertThat(real.kind()).as("the real outcome, after a %s event with status %s (first: %s)", type, early, first)
                    .isEqualTo(Kind.HANDLED);
            assertThat(first.kind()).as("a %s event with status %s", type, early).isEqualTo(Kind.REFUSED);
            assertThat(first.httpStatus()).as("a %s event with status %s", type, early).isEqualTo(400);
            assertThat(first.refusal()).as("the refusal names the field and the rule").hasValueSatisfying(e -> assertThat(e)
                    .hasMessageContaining("status must be " + rule).hasMessageContaining(early));
            assertThat(handled).hasSize(1);
            assertThat(handled.get(0) instanceof DokaiWebhookEvent.Completed completed ? completed.session().status().raw()
                    : ((DokaiWebhookEvent.Failed) handled.get(0)).session().status().raw()).isEqualTo(outcomeStatus);
        }
    }
}
