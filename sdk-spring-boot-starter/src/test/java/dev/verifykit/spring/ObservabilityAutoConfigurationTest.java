package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.micrometer.VerifyKitMetrics;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockServer;
import dev.verifykit.opentelemetry.VerifyKitTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** With verifykit-micrometer and verifykit-opentelemetry present, a registry and an OpenTelemetry bean make every client measured and traced. */
class ObservabilityAutoConfigurationTest {
    private final MockServer mock = MockServer.start();
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VerifyKitObservabilityAutoConfiguration.class,
                    VerifyKitAutoConfiguration.class))
            .withPropertyValues("verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl());

    @AfterEach
    void stop() {
        otel.close();
        mock.close();
    }

    @Test
    void aRegistryAndAnOpenTelemetryBeanMakeEveryClientMeasuredAndTraced() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        runner.withBean(MeterRegistry.class, () -> registry).withBean(OpenTelemetry.class, () -> otel).run(context -> {
            assertThat(context).hasSingleBean(VerifyKitMetrics.class).hasSingleBean(VerifyKitTracing.class);

            context.getBean(DockClient.class).sessions().create(CreateSessionParams.builder()
                    .pid("PID-FREE0001").clientId("user_observed").build());

            assertThat(registry.find("verifykit.calls").tag("service", "dock").timer())
                    .isNotNull().satisfies(timer -> assertThat(timer.count()).isEqualTo(1));
            List<SpanData> spans = exporter.getFinishedSpanItems();
            assertThat(spans).extracting(SpanData::getName).contains("POST /v2/sessions");
            MockJournalEntry create = mock.journal().entries().stream()
                    .filter(e -> "dock".equals(e.service()) && "POST".equals(e.method())).findFirst().orElseThrow();
            String traceId = spans.stream().filter(s -> s.getName().equals("POST /v2/sessions")).findFirst()
                    .orElseThrow().getTraceId();
            assertThat(create.header("traceparent")).contains(traceId);
        });
    }

    /**
     * The metrics and tracing listeners were attached twice, every call counted and traced twice,
     * when the application declared its own as {@code VerifyKitListener} beans: the starter's
     * {@code @ConditionalOnMissingBean} does not see them, so it made its own as well.
     */
    @Test
    void yourOwnListenersDeclaredAsVerifyKitListenerBeansAreAttachedOnceWithoutTheStarters() {
        assertEachCallCountedAndTracedOnce(ListenersDeclaredAsListeners.class);
    }

    /**
     * "one of yours replaces it, even declared as a {@code VerifyKitListener}": the calls are measured by
     * yours (here on a registry of its own), not by the starter's on the context's registry.
     */
    @Test
    void yourOwnMetricsListenerDeclaredAsAVerifyKitListenerIsTheOneTheClientsReportTo() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SimpleMeterRegistry yours = new SimpleMeterRegistry();
        runner.withBean(MeterRegistry.class, () -> registry)
                .withBean("appMetrics", VerifyKitListener.class, () -> VerifyKitMetrics.create(yours)).run(context -> {
                    create(context.getBean(DockClient.class));

                    assertThat(yours.find("verifykit.calls").timer()).isNotNull()
                            .satisfies(timer -> assertThat(timer.count()).isEqualTo(1));
                    assertThat(registry.find("verifykit.calls").timer()).as("the starter's listener").isNull();
                });
    }

    /** A customizer adding the listener beans the starter adds too had each call counted and traced twice. */
    @Test
    void aListenerBeanACustomizerAddsAsWellIsAttachedOnce() {
        assertEachCallCountedAndTracedOnce(CustomizerAddingTheListenerBeans.class);
    }

    private void assertEachCallCountedAndTracedOnce(Class<?> app) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        runner.withBean(MeterRegistry.class, () -> registry).withBean(OpenTelemetry.class, () -> otel)
                .withUserConfiguration(app).run(context -> {
                    create(context.getBean(DockClient.class));

                    assertThat(registry.find("verifykit.calls").timer()).isNotNull()
                            .satisfies(timer -> assertThat(timer.count()).isEqualTo(1));
                    assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName)
                            .containsOnlyOnce("POST /v2/sessions");
                });
    }

    /**
     * A customizer replacing the HTTP settings at once ({@code httpSettings}, to share them between
     * clients) dropped every listener the starter had added before it: no metrics, and the
     * graceful close no longer saw the calls in progress. The listeners are added after the customizers.
     */
    @Test
    void aCustomizerReplacingTheHttpSettingsKeepsTheListeners() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HttpSettings shared = HttpSettings.builder().baseUrl(mock.dockBaseUrl()).build();
        runner.withBean(MeterRegistry.class, () -> registry)
                .withBean(VerifyKitClientCustomizer.class, () -> builder -> builder.httpSettings(shared)).run(context -> {
                    create(context.getBean(DockClient.class));

                    assertThat(registry.find("verifykit.calls").timer()).isNotNull()
                            .satisfies(timer -> assertThat(timer.count()).isEqualTo(1));
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenersDeclaredAsListeners {
        @Bean
        VerifyKitListener appMetrics(MeterRegistry registry) {
            return VerifyKitMetrics.create(registry);
        }

        @Bean
        VerifyKitListener appTracing(OpenTelemetry openTelemetry) {
            return VerifyKitTracing.create(openTelemetry);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomizerAddingTheListenerBeans {
        @Bean
        VerifyKitClientCustomizer addsTheListenersToo(ObjectProvider<VerifyKitListener> listeners) {
            return builder -> listeners.orderedStream().forEach(builder::listener);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MetricsNamedAsTheStarters {
        @Bean
        VerifyKitListener verifyKitMetrics(MeterRegistry registry) {
            return VerifyKitMetrics.create(registry);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TracingNamedAsTheStarters {
        @Bean
        VerifyKitListener verifyKitTracing(OpenTelemetry openTelemetry) {
            return VerifyKitTracing.create(openTelemetry);
        }
    }

    /**
     * Your own listener "replaces the auto-configured one, whatever type it is declared as": declared by a
     * bean method named as the thing it makes ({@code verifyKitMetrics}, {@code verifyKitTracing}, the names
     * the starter gives its own beans), the application did not start: the starter's condition looked by
     * type only, did not see a bean declared as a {@code VerifyKitListener}, and registered its own under
     * the same name, which Spring Boot refuses (bean definition overriding is off by default).
     */
    @Test
    void yourMetricsListenerNamedVerifyKitMetricsReplacesTheStarters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        runner.withBean(MeterRegistry.class, () -> registry).withUserConfiguration(MetricsNamedAsTheStarters.class)
                .run(context -> {
                    assertThat(context).as("the application starts").hasNotFailed();
                    create(context.getBean(DockClient.class));
                    assertThat(registry.find("verifykit.calls").timer()).isNotNull()
                            .satisfies(timer -> assertThat(timer.count()).isEqualTo(1));
                });
    }

    @Test
    void yourTracingListenerNamedVerifyKitTracingReplacesTheStarters() {
        runner.withBean(OpenTelemetry.class, () -> otel).withUserConfiguration(TracingNamedAsTheStarters.class)
                .run(context -> {
                    assertThat(context).as("the application starts").hasNotFailed();
                    create(context.getBean(DockClient.class));
                    assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName)
                            .containsOnlyOnce("POST /v2/sessions");
                });
    }

    private static void create(DockClient dock) {
        dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_observed").build());
    }

    @Test
    void withoutARegistryOrOpenTelemetryBeanNeitherIsMade() {
        runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(DockClient.class)
                .doesNotHaveBean(VerifyKitMetrics.class).doesNotHaveBean(VerifyKitTracing.class));
    }
    @Test
    void withEitherModuleOrLibraryMissingTheOtherIsStillMadeAndTheClientToo() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        for (Class<?> missing : List.of(VerifyKitMetrics.class, MeterRegistry.class)) {
            runner.withClassLoader(new FilteredClassLoader(missing)).withBean(MeterRegistry.class, () -> registry)
                    .withBean(OpenTelemetry.class, () -> otel)
                    .run(context -> assertThat(context).as(missing.getName()).hasNotFailed().hasSingleBean(DockClient.class)
                            .doesNotHaveBean(VerifyKitMetrics.class).hasSingleBean(VerifyKitTracing.class));
        }
        for (Class<?> missing : List.of(VerifyKitTracing.class, OpenTelemetry.class)) {
            runner.withClassLoader(new FilteredClassLoader(missing)).withBean(MeterRegistry.class, () -> registry)
                    .withBean(OpenTelemetry.class, () -> otel)
                    .run(context -> assertThat(context).as(missing.getName()).hasNotFailed().hasSingleBean(DockClient.class)
                            .hasSingleBean(VerifyKitMetrics.class).doesNotHaveBean(VerifyKitTracing.class));
        }
    }

    @Test
    void yourOwnMetricsBeanReplacesTheStartersAndAListenerThatThrowsBreaksNoCall() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        VerifyKitMetrics mine = VerifyKitMetrics.create(registry);
        VerifyKitListener broken = new VerifyKitListener() {
            @Override
            public void onCallEnd(CallStart call, CallEnd end) {
                throw new IllegalStateException("a broken listener");
            }
        };
        runner.withBean(MeterRegistry.class, () -> registry).withBean(VerifyKitMetrics.class, () -> mine)
                .withBean("broken", VerifyKitListener.class, () -> broken).run(context -> {
                    assertThat(context.getBean(VerifyKitMetrics.class)).isSameAs(mine);
                    assertThat(context.getBean(DockClient.class).sessions().create(CreateSessionParams.builder()
                            .pid("PID-FREE0001").clientId("user_observed").build()).id()).startsWith("vsn_");
                    assertThat(registry.find("verifykit.calls").tag("outcome", "success").timer()).isNotNull();
                    assertThat(registry.getMeters()).flatExtracting(meter -> meter.getId().getTags())
                            .noneMatch(tag -> tag.getValue().contains("vsn_") || tag.getValue().contains("user_observed")
                                    || tag.getValue().contains("dock_test_free") || tag.getValue().contains("http"));
                });
    }
}
