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
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * README, Spring Boot: "The clients are closed once the web server has stopped ...; calls after that
 * fail with ClientClosedException." With {@code spring.main.lazy-initialization=true} a client is made
 * when first asked for: one made after the starter closed the clients (by a bean stopped in a later
 * phase, a scheduled task still running) must be closed as it is made, not stay open and send calls
 * until the context destroys its beans.
 */
class ClientMadeAfterTheCloseTest {

    /** A bean stopped after the clients' close: it asks for the Dock client, made now, and calls it. */
    static final class LateUse implements SmartLifecycle {
        private final ApplicationContext context;
        volatile Throwable callFailure;
        volatile boolean called;
        private volatile boolean running;

        LateUse(ApplicationContext context) {
            this.context = context;
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            DockClient dock = context.getBean(DockClient.class); // made now: lazy initialization
            try {
                dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_late").build());
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
            return ClientShutdown.CLOSE_PHASE - 1; // after the clients' close
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aCallOfAClientMadeAfterTheClientsClosedFailsAsClosed() {
        LateUse[] late = new LateUse[1];
        try (MockServer mock = MockServer.start()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class))
                    .withInitializer(context -> context.addBeanFactoryPostProcessor(
                            new LazyInitializationBeanFactoryPostProcessor()))
                    .withPropertyValues("verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl())
                    .withBean(LateUse.class)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        late[0] = context.getBean(LateUse.class);
                    });
            assertThat(late[0].called).isTrue();
            assertThat(mock.journal().find(MockJournalQuery.all().path("/dock/v2/sessions")))
                    .as("creates sent by a client made after the clients' close").isEmpty();
        }
        assertThat(late[0].callFailure).as("the late client's call").isInstanceOf(ClientClosedException.class);
    }
}
