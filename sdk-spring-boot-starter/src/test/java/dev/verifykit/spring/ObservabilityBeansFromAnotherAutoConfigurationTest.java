package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.micrometer.VerifyKitMetrics;
import dev.verifykit.mock.MockServer;
import dev.verifykit.opentelemetry.VerifyKitTracing;
import io.example.telemetry.TelemetryVendorAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * README: "{@code VerifyKitTracing} (with verifykit-opentelemetry) | the context has an
 * {@code OpenTelemetry} bean", and {@code VerifyKitMetrics} when it has a {@code MeterRegistry}. The
 * starter's conditions saw only the beans defined before its auto-configuration was processed: those
 * of the application and of Spring Boot's own auto-configurations it names. An {@code OpenTelemetry}
 * bean made by another auto-configuration (OpenTelemetry's own Spring Boot starter, a vendor's),
 * whose name sorts after {@code dev.verifykit}, was not seen: no {@code VerifyKitTracing}, and no
 * client traced, without a word.
 */
class ObservabilityBeansFromAnotherAutoConfigurationTest {
    @Test
    void anOpenTelemetryBeanAndARegistryFromAnotherAutoConfigurationTraceAndMeasureTheClients() {
        try (MockServer mock = MockServer.start()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(VerifyKitObservabilityAutoConfiguration.class,
                            VerifyKitAutoConfiguration.class, TelemetryVendorAutoConfiguration.class))
                    .withPropertyValues("verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl())
                    .run(context -> {
                        assertThat(context).hasNotFailed().hasSingleBean(VerifyKitTracing.class)
                                .hasSingleBean(VerifyKitMetrics.class);

                        context.getBean(DockClient.class).sessions().create(CreateSessionParams.builder()
                                .pid("PID-FREE0001").clientId("user_traced").build());

                        assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems())
                                .extracting(SpanData::getName).containsOnlyOnce("POST /v2/sessions");
                        assertThat(context.getBean(MeterRegistry.class).find("verifykit.calls").timer()).isNotNull()
                                .satisfies(timer -> assertThat(timer.count()).isEqualTo(1));
                    });
        }
    }
}
