package dev.verifykit.spring;

import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.micrometer.VerifyKitMetrics;
import dev.verifykit.opentelemetry.VerifyKitTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Metrics and tracing of every auto-configured client and of the webhook verifier, as
 * {@link VerifyKitListener} beans (every such bean is added to every client):
 * <ul>
 *   <li>{@link VerifyKitMetrics} when verifykit-micrometer is on the class path and the context has a
 *       {@link MeterRegistry} (Spring Boot's, once its metrics auto-configuration has made it);</li>
 *   <li>{@link VerifyKitTracing} when verifykit-opentelemetry is on the class path and the context has
 *       an {@link OpenTelemetry} bean.</li>
 * </ul>
 * A bean of either type that you define replaces the auto-configured one, whatever type it is declared
 * as: one declared as a {@code VerifyKitListener} is seen only when the clients are built, and the
 * starter's is then made but left out of them; one named as the starter's ({@value #METRICS_BEAN},
 * {@value #TRACING_BEAN}: a bean method named after what it makes) is used in its place, whatever its type.
 *
 * <p>Processed last among the auto-configurations (and after Spring Boot's metrics and OpenTelemetry
 * ones), so that its conditions see a registry or an {@code OpenTelemetry} bean that another
 * auto-configuration makes (OpenTelemetry's own Spring Boot starter, a vendor's): ordered by name,
 * one of {@code io.opentelemetry} came after it, and no client was traced. The clients need no order
 * against it: they take the listener beans when they are made, once every bean is defined.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration"})
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
public class VerifyKitObservabilityAutoConfiguration {
    static final String METRICS_BEAN = "verifyKitMetrics";
    static final String TRACING_BEAN = "verifyKitTracing";

    /** Whether {@code listener} is the starter's metrics or tracing bean and {@code all} has another of its class. */
    static boolean replaced(VerifyKitListener listener, List<VerifyKitListener> all, ListableBeanFactory beans) {
        boolean starters = Stream.of(METRICS_BEAN, TRACING_BEAN)
                .anyMatch(name -> beans.containsBean(name) && beans.getBean(name) == listener);
        return starters && all.stream().anyMatch(other -> other != listener && other.getClass() == listener.getClass());
    }

    /** Micrometer metrics, with verifykit-micrometer and a meter registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({VerifyKitMetrics.class, MeterRegistry.class})
    @ConditionalOnBean(MeterRegistry.class)
    static class Metrics {
        @Bean(METRICS_BEAN)
        @ConditionalOnMissingBean(value = VerifyKitMetrics.class, name = METRICS_BEAN)
        VerifyKitMetrics verifyKitMetrics(MeterRegistry registry) {
            return VerifyKitMetrics.create(registry);
        }
    }

    /** OpenTelemetry spans and trace context, with verifykit-opentelemetry and an OpenTelemetry bean. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({VerifyKitTracing.class, OpenTelemetry.class})
    @ConditionalOnBean(OpenTelemetry.class)
    static class Tracing {
        @Bean(TRACING_BEAN)
        @ConditionalOnMissingBean(value = VerifyKitTracing.class, name = TRACING_BEAN)
        VerifyKitTracing verifyKitTracing(OpenTelemetry openTelemetry) {
            return VerifyKitTracing.create(openTelemetry);
        }
    }
}
