package io.example.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Stands in for a library's auto-configuration that makes the application's {@link OpenTelemetry}
 * and {@link MeterRegistry} beans, as OpenTelemetry's own Spring Boot starter
 * ({@code io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration}) or
 * a vendor's starter does: an auto-configuration of no particular order, in a package named after
 * its vendor (here one that sorts after {@code dev.verifykit}, as {@code io.opentelemetry} does).
 */
@AutoConfiguration
public class TelemetryVendorAutoConfiguration {
    @Bean
    InMemorySpanExporter vendorSpanExporter() {
        return InMemorySpanExporter.create();
    }

    @Bean(destroyMethod = "close")
    OpenTelemetrySdk vendorOpenTelemetry(InMemorySpanExporter exporter) {
        return OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
    }

    @Bean
    MeterRegistry vendorMeterRegistry() {
        return new SimpleMeterRegistry();
    }
}
