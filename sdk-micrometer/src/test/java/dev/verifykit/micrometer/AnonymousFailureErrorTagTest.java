package dev.verifykit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.event.WebhookDelivery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The {@code error} tag of {@code verifykit.webhook.handler} is "what the handler threw, or none": a
 * handler throwing an anonymous exception class ({@code new IllegalStateException("…") {}}) was tagged
 * with its simple name, the empty string, which names nothing (and which Prometheus reads as no label).
 */
class AnonymousFailureErrorTagTest {

    @Test
    void anAnonymousExceptionIsTaggedByTheNameOfItsClass() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RuntimeException anonymous = new IllegalStateException("the handler failed") {
        };

        VerifyKitMetrics.create(registry).onWebhookOutcome(WebhookDelivery.builder().outcome("HANDLER_FAILED")
                .status(500).eventType("verification.completed").handlerDuration(Duration.ofMillis(5))
                .failure(anonymous).build());

        assertThat(registry.get("verifykit.webhook.handler").timer().getId().getTag("error"))
                .isEqualTo("AnonymousFailureErrorTagTest$1");
    }

    /** A handler's own exception, a member class: its simple name has no package or outer class to drop. */
    static final class Refused extends RuntimeException {
        Refused() {
            super("refused");
        }
    }

    /**
     * The tag is "the simple name of what the handler threw": a member class's ({@code Refused}), not
     * its binary name without the package ({@code AnonymousFailureErrorTagTest$Refused}), which is
     * only for a class without a simple name.
     */
    @Test
    void aMemberExceptionClassIsTaggedByItsSimpleName() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        VerifyKitMetrics.create(registry).onWebhookOutcome(WebhookDelivery.builder().outcome("HANDLER_FAILED")
                .status(500).eventType("verification.completed").handlerDuration(Duration.ofMillis(5))
                .failure(new Refused()).build());

        assertThat(registry.get("verifykit.webhook.handler").timer().getId().getTag("error")).isEqualTo("Refused");
    }
}
