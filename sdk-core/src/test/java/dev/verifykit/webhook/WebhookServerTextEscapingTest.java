package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.bytes;
import static dev.verifykit.webhook.Fixtures.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WebhookDelivery;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.WebhookOutcome.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A signed webhook body is Dokai's text like any answer of Dokai's, and the changelog promises that
 * server text in exception messages and logs keeps no line breaks, terminal control codes or bidi
 * overrides (written as <code>&#92;uXXXX</code>, as the transport's {@code Redactor.serverText}
 * writes it). A webhook body's parse failure and its event type reached the refusal's message
 * (logged by WebhookServlet at INFO and by the CLI's receiver, shown by {@code WebhookOutcome.toString()}),
 * the parser's exceptions kept under it, and the listener's {@code WebhookDelivery.eventType()}
 * (printed by {@code VERIFYKIT_LOG=info}, an OpenTelemetry attribute) raw, of any length: a body could
 * forge log lines or drive the terminal showing them.
 */
class WebhookServerTextEscapingTest {
    private final VirtualScheduler clock = Fixtures.clock();

    /**
     * A body that is not JSON, with a terminal escape and a line break in a name: the parser's message
     * quotes the name, and it was the refusal's message as it came, the parser's exceptions (Moshi's
     * whole) its cause.
     */
    @Test
    void aParseFailureOfASignedBodyIsEscapedInTheRefusalAndItsCauses() {
        WebhookVerifier verifier = Fixtures.verifier(clock).build();
        // a name with a terminal escape and a line break, then a value that is no JSON
        byte[] body = bytes("{\"event\":\"verification.completed\",\"id\":\"ver_1\",\"status\":\"verified\","
                + "\"x\\u001b[2J\\nverifykit: webhook verification.completed: handled (answer 200)\":tru}");

        WebhookOutcome outcome = verifier.handle(body, hmacHex(SECRET, body), event -> { });

        assertThat(outcome.kind()).isEqualTo(Kind.REFUSED);
        Throwable refusal = outcome.refusal().orElseThrow();
        assertThat(refusal.getMessage()).as("the refusal's message: " + visible(refusal.getMessage()))
                .contains("\\u001B[2J\\u000Averifykit: webhook").doesNotContain("\u001b").doesNotContain("\n");
        assertThat(outcome.toString()).doesNotContain("\u001b").doesNotContain("\n");
        for (Throwable cause = refusal.getCause(); cause != null; cause = cause.getCause()) {
            assertThat(cause.getMessage()).as("a cause's message: " + visible(cause.getMessage()))
                    .doesNotContain("\u001b").doesNotContain("\n");
        }
    }

    /** A body whose name holds the webhook secret: the parser's message quoted it too. */
    @Test
    void aParseFailureOfASignedBodyNeverQuotesTheSecret() {
        WebhookVerifier verifier = Fixtures.verifier(clock).build();
        byte[] body = bytes("{\"event\":\"verification.completed\",\"id\":\"ver_1\",\"" + SECRET + "\":tru}");

        WebhookOutcome outcome = verifier.handle(body, hmacHex(SECRET, body), event -> { });

        Throwable refusal = outcome.refusal().orElseThrow();
        for (Throwable shown = refusal; shown != null; shown = shown.getCause()) {
            assertThat(shown.getMessage()).doesNotContain(SECRET);
        }
    }

    /**
     * An event type this SDK does not know, with a line break and a terminal escape: the listener was
     * told it raw (and {@code WebhookOutcome.toString()} showed it raw), while the handler is given it
     * as sent.
     */
    @Test
    void anUnknownEventsTypeIsEscapedInWhatListenersAreToldAndTheOutcomeShows() {
        List<WebhookDelivery> told = new ArrayList<>();
        WebhookVerifier verifier = verifierTelling(told);
        String type = "verification.reviewed\nverifykit: webhook verification.completed: handler_failed\u001b[2K";
        byte[] body = bytes("{\"event\":\"verification.reviewed\\nverifykit: webhook verification.completed:"
                + " handler_failed\\u001b[2K\",\"id\":\"ver_2\",\"status\":\"verified\"}");
        List<String> handled = new ArrayList<>();

        WebhookOutcome outcome = verifier.handle(body, hmacHex(SECRET, body), event -> handled.add(event.type()));

        assertThat(outcome.kind()).isEqualTo(Kind.HANDLED);
        assertThat(handled).containsExactly(type);
        assertThat(told).singleElement().satisfies(d -> assertThat(d.eventType())
                .as("the event type told: " + visible(d.eventType()))
                .isEqualTo("verification.reviewed\\u000Averifykit: webhook verification.completed: handler_failed\\u001B[2K"));
        assertThat(outcome.toString()).doesNotContain("\n").doesNotContain("\u001b");
    }

    /** A type of 100,000 characters was told whole, to every log line and span attribute. */
    @Test
    void aLongEventTypeIsCutInWhatListenersAreTold() {
        List<WebhookDelivery> told = new ArrayList<>();
        WebhookVerifier verifier = verifierTelling(told);
        byte[] body = bytes("{\"event\":\"" + "x".repeat(100_000) + "\",\"id\":\"ver_3\",\"status\":\"verified\"}");

        verifier.handle(body, hmacHex(SECRET, body), event -> { });

        assertThat(told).singleElement().satisfies(d -> assertThat(d.eventType()).hasSizeLessThan(1100)
                .endsWith("… (100000 characters)"));
    }

    /** A verifier whose listener adds each delivery it is told of to {@code told}. */
    private WebhookVerifier verifierTelling(List<WebhookDelivery> told) {
        return Fixtures.verifier(clock).listener(new VerifyKitListener() {
            @Override
            public void onWebhookOutcome(WebhookDelivery delivery) {
                told.add(delivery);
            }
        }).build();
    }

    private static String visible(String text) {
        return text == null ? null : text.replace("\u001b", "<ESC>").replace("\n", "<LF>");
    }
}
