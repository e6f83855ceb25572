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
}
