package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.mock.MockServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * README, Spring Boot: in the graceful shutdown's phase "every wait of the clients in progress ...
 * ends with a WaitCancelledException, and a wait begun later ends so at once". With
 * {@code spring.main.lazy-initialization=true} a client is made when first asked for: one made by a
 * request served during the graceful shutdown, after the starter had ended the clients' waits, was
 * registered for the close but never had its waits ended, so a wait it began ran on (to the session's
 * end, minutes) and held the web server's graceful shutdown to the phase's timeout.
 */
class ClientMadeDuringShutdownTest {

    /**
     * A request the web server still serves in its graceful shutdown (a phase after the waits' end,
     * before the server's stop): it asks for the Dock client, made now, and begins a wait.
     */
    static final class LateRequest implements SmartLifecycle {
        private final ApplicationContext context;
        volatile Throwable waitEnd;
        volatile boolean waitEndedAtOnce;
        private volatile boolean running;

        LateRequest(ApplicationContext context) {
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
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_late").build()); // a single call: still works
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id());
            try {
                wait.get(30, TimeUnit.SECONDS); // a cancelled wait ends at once; the session stays pending 5 minutes
            } catch (ExecutionException e) {
                waitEnd = e.getCause();
                waitEndedAtOnce = true;
            } catch (TimeoutException e) {
                wait.cancel(true);
                waitEndedAtOnce = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return ClientShutdown.PHASE - 1; // after the waits' end, before the clients' close
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aWaitOfAClientMadeAfterTheWaitsEndedEndsAtOnce() {
        LateRequest[] late = new LateRequest[1];
        try (MockServer mock = MockServer.start()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class))
                    .withInitializer(context -> context.addBeanFactoryPostProcessor(
                            new LazyInitializationBeanFactoryPostProcessor()))
                    .withPropertyValues("verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl())
                    .withBean(LateRequest.class)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        late[0] = context.getBean(LateRequest.class);
                    });
        }
        assertThat(late[0].waitEndedAtOnce).as("the late client's wait ended at once").isTrue();
        assertThat(late[0].waitEnd).isInstanceOf(WaitCancelledException.class);
    }
}
