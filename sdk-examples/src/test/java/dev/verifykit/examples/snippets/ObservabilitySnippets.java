package dev.verifykit.examples.snippets;

import dev.verifykit.dock.DockClient;
import dev.verifykit.micrometer.VerifyKitMetrics;
import dev.verifykit.opentelemetry.VerifyKitTracing;
import dev.verifykit.webhook.WebhookVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

/**
 * The README's samples of "Metrics and tracing" (compiled here, in the tests, so that the CLI's
 * jar does not carry OpenTelemetry and Micrometer). Each method is one sample; the fields are the
 * integrator's.
 */
abstract class ObservabilitySnippets {
    OpenTelemetry openTelemetry;
    MeterRegistry meterRegistry;

    DockClient tracing() {
        DockClient dock = DockClient.builder()
                .apiKey(System.getenv("DOCK_API_KEY"))
                .listener(VerifyKitTracing.create(openTelemetry))
                .build();
        return dock;
    }

    WebhookVerifier metrics() {
        VerifyKitMetrics metrics = VerifyKitMetrics.create(meterRegistry);
        DockClient dock = DockClient.builder()
                .apiKey(System.getenv("DOCK_API_KEY"))
                .listener(metrics)
                .build();
        WebhookVerifier verifier = WebhookVerifier.builder()
                .secret(System.getenv("DOKAI_WEBHOOK_SECRET"))
                .listener(metrics)
                .build();
        dock.close();
        return verifier;
    }
}
