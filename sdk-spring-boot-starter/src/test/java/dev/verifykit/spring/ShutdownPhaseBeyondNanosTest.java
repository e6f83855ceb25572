package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * README, Spring Boot: the clients are closed once the web server has stopped, their calls outside
 * waits given at most {@code spring.lifecycle.timeout-per-shutdown-phase}; calls after that fail with
 * {@code ClientClosedException}. Spring takes that property in milliseconds, so a phase longer than a
 * {@code long} of nanoseconds counts (about 292 years: {@code 200000d} for "no limit") is one Spring
 * honours; the starter counted it in nanoseconds ({@code Duration.toNanos()}), which threw
 * {@code ArithmeticException} on its shutdown thread before any client was closed, and the clients
 * went on sending until the beans' destruction.
 */
class ShutdownPhaseBeyondNanosTest {

    /** A bean stopped after the clients' close (a lower phase stops later): it calls the Dock client. */
    static final class AfterTheClose implements SmartLifecycle {
        private final ApplicationContext context;
        private volatile boolean running;
        volatile Throwable callFailure;
        volatile boolean called;

        AfterTheClose(ApplicationContext context) {
            this.context = context;
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            try {
                context.getBean(DockClient.class).sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                        .clientId("user_after_close").build());
            } catch (Throwable t) {
                callFailure = t;
            }
            called = true;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return ClientShutdown.CLOSE_PHASE - 1;
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aShutdownPhaseLongerThanNanosecondsCountStillClosesTheClientsInTheirPhase() {
        try (MockServer mock = MockServer.start()) {
            AfterTheClose[] bean = new AfterTheClose[1];
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class))
                    .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=200000d",
                            "verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl())
                    .withBean(AfterTheClose.class)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        bean[0] = context.getBean(AfterTheClose.class);
                    });

            assertThat(bean[0].called).isTrue();
            assertThat(mock.journal().find(MockJournalQuery.all().path("/dock/v2/sessions")))
                    .as("creates sent after the clients' close").isEmpty();
            assertThat(bean[0].callFailure).as("a call after the clients' close").isInstanceOf(ClientClosedException.class);
        }
    }
}
