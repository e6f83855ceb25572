package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.mock.MockJournalQuery;
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
 * With {@code spring.main.lazy-initialization=true} a client was made when first asked for, which may
 * be during the context's close (the starter's clients are made at startup now, lazy or not; a bean
 * asks for one first in a phase of the close here, as when this was found). README, Spring Boot: in the graceful shutdown's phase "every wait of
 * the clients in progress ... ends with a WaitCancelledException, and a wait begun later ends so at
 * once"; "the clients are closed once the web server has stopped ...; calls after that fail with
 * ClientClosedException". A client made after either step has it applied as it is made: a wait of
 * one made after the waits' end ran on (to the session's end, minutes) and held the graceful shutdown
 * to its timeout; one made after the clients' close sent its calls until the beans' destruction.
 */
class LateClientAtShutdownTest {

    /** A bean stopped in phase {@code phase} of the close, which asks for the Dock client there (made then: lazily). */
    abstract static class LateBean implements SmartLifecycle {
        private final ApplicationContext context;
        private final int phase;
        private volatile boolean running;

        LateBean(ApplicationContext context, int phase) {
            this.context = context;
            this.phase = phase;
        }

        /** What the bean does with the client, made now, as it stops. */
        abstract void use(DockClient dock);

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            use(context.getBean(DockClient.class));
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return phase;
        }
    }

    /**
     * A request the web server still serves in its graceful shutdown (a phase after the waits' end,
     * before the clients' close): it begins a wait.
     */
    static final class LateRequest extends LateBean {
        volatile Throwable waitEnd;
        volatile boolean waitEndedAtOnce;

        LateRequest(ApplicationContext context) {
            super(context, ClientShutdown.PHASE - 1);
        }

        @Override
        void use(DockClient dock) {
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
    }

    /** A bean stopped after the clients' close: it calls the client. */
    static final class LateUse extends LateBean {
        volatile Throwable callFailure;
        volatile boolean called;

        LateUse(ApplicationContext context) {
            super(context, ClientShutdown.CLOSE_PHASE - 1);
        }

        @Override
        void use(DockClient dock) {
            try {
                dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_late").build());
            } catch (Throwable t) {
                callFailure = t;
            }
            called = true;
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aWaitOfAClientMadeAfterTheWaitsEndedEndsAtOnce() {
        try (MockServer mock = MockServer.start()) {
            LateRequest late = runLazily(mock, LateRequest.class);
            assertThat(late.waitEndedAtOnce).as("the late client's wait ended at once").isTrue();
            assertThat(late.waitEnd).isInstanceOf(WaitCancelledException.class);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aCallOfAClientMadeAfterTheClientsClosedFailsAsClosed() {
        try (MockServer mock = MockServer.start()) {
            LateUse late = runLazily(mock, LateUse.class);
            assertThat(late.called).isTrue();
            assertThat(mock.journal().find(MockJournalQuery.all().path("/dock/v2/sessions")))
                    .as("creates sent by a client made after the clients' close").isEmpty();
            assertThat(late.callFailure).as("the late client's call").isInstanceOf(ClientClosedException.class);
        }
    }

    /** Runs and closes a lazily initialised context with the Dock client on {@code mock} and bean {@code late}. */
    private static <T> T runLazily(MockServer mock, Class<T> late) {
        Object[] bean = new Object[1];
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class))
                .withInitializer(context -> context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
                .withPropertyValues("verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl())
                .withBean(late)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    bean[0] = context.getBean(late);
                });
        return late.cast(bean[0]);
    }
}
