package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.servlet.DockRelay;
import dev.verifykit.servlet.RelayAuthorizer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** A relay never asked for (lazy initialization) is not made at the close only to be closed. */
class LazyRelayMadeAtShutdownTest {
    static final AtomicInteger RELAYS = new AtomicInteger();
    static final AtomicInteger CLIENTS = new AtomicInteger();

    static final class Counting implements BeanPostProcessor {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
            if (bean instanceof DockRelay) {
                RELAYS.incrementAndGet();
            } else if (bean instanceof DockClient) {
                CLIENTS.incrementAndGet();
            }
            return bean;
        }
    }

    @Test
    void aRelayNeverMadeIsNotMadeAtTheClose() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class,
                        VerifyKitStreamsAutoConfiguration.class, VerifyKitServletAutoConfiguration.class))
                .withInitializer(context -> context.addBeanFactoryPostProcessor(
                        new LazyInitializationBeanFactoryPostProcessor()))
                .withPropertyValues("verifykit.dock.api-key=dock_test_free", "verifykit.dock.relay.enabled=true")
                .withBean(RelayAuthorizer.class, () -> (request, sessionId) -> true)
                .withBean(Counting.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(RELAYS).hasValue(0);
                    // the client is made at startup, lazy initialization or not (its settings are checked then)
                    assertThat(CLIENTS).hasValue(1);
                });
        assertThat(RELAYS).as("relays made by the close").hasValue(0);
        assertThat(CLIENTS).as("Dock clients made by the close").hasValue(1);
    }
}
