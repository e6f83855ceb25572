package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
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

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aShutdownPhaseLongerThanNanosecondsCountStillClosesTheClientsInTheirPhase() {
        try (MockServer mock = MockServer.start()) {
            AtomicReference<DockClient> dock = new AtomicReference<>();
            AtomicReference<Throwable> callFailure = new AtomicReference<>();
            AtomicBoolean called = new AtomicBoolean();
            // stopped after the clients' close (a lower phase stops later): calls the Dock client
            Runnable afterTheClose = () -> {
                try {
                    dock.get().sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                            .clientId("user_after_close").build());
                } catch (Throwable t) {
                    callFailure.set(t);
                }
                called.set(true);
            };
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class))
                    .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=200000d",
                            "verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl())
                    .withBean("afterTheClose", SmartLifecycle.class,
                            () -> new PhaseStandIn(ClientShutdown.CLOSE_PHASE - 1, afterTheClose))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        dock.set(context.getBean(DockClient.class));
                    });

            assertThat(called).isTrue();
            assertThat(mock.journal().find(MockJournalQuery.all().path("/dock/v2/sessions")))
                    .as("creates sent after the clients' close").isEmpty();
            assertThat(callFailure.get()).as("a call after the clients' close").isInstanceOf(ClientClosedException.class);
        }
    }
}
