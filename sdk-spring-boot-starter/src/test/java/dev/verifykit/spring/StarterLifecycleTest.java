package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.mock.MockServer;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.servlet.RelayAuthorizer;
import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.Background;
import dev.verifykit.time.Scheduler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.core.Ordered;

/** What the starter builds ends with the context: a context that closes, one that fails to start, one restarted. */
class StarterLifecycleTest {
    private static final AutoConfigurations STARTER = AutoConfigurations.of(VerifyKitAutoConfiguration.class,
            VerifyKitStreamsAutoConfiguration.class, VerifyKitServletAutoConfiguration.class, VerifyKitActuatorAutoConfiguration.class);

    private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(STARTER);

    private WebApplicationContextRunner everything(MockServer mock) {
        return web.withPropertyValues("verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl(),
                        "verifykit.dokai.api-key=dk_test_mock", "verifykit.dokai.base-url=" + mock.dokaiBaseUrl(),
                        "verifykit.roblox.base-url=" + mock.robloxBaseUrl(), "verifykit.dock.relay.enabled=true",
                        "verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=whsec_test")
                .withBean(RelayAuthorizer.class, () -> (request, id) -> true)
                .withBean(WebhookHandler.class, () -> event -> {});
    }

    @Test
    void aContextThatFailsToStartClosesTheClientsItHadMade() {
        try (MockServer mock = MockServer.start()) {
            everything(mock).withUserConfiguration(FailsAfterTheClients.class)
                    .run(context -> assertThat(context).hasFailed());
        }
        AtomicReference<DockClient> dock = FailsAfterTheClients.DOCK;
        assertThat(dock.get()).as("the Dock client was made before the failure").isNotNull();
        assertThatThrownBy(() -> dock.get().sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                .clientId("user_1").build())).isInstanceOf(ClientClosedException.class);
    }

    @Test
    void noThreadOfVerifyKitOutlivesItsContextAcrossRestarts() throws Exception {
        try (MockServer mock = MockServer.start()) {
            Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
            for (int restart = 0; restart < 2; restart++) {
                everything(mock).run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(DockClient.class).sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                            .clientId("user_1").build());
                    context.getBean(DokaiClient.class).verifySessions()
                            .create(dev.verifykit.dokai.CreateKycSessionParams.none());
                    context.getBean(RobloxVerificationClient.class).beginVerification();
                });
            }
            List<Thread> left = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                    .filter(t -> t.getName().startsWith("verifykit-") || t.getName().contains("OkHttp Dispatcher")).toList();
            for (Thread thread : left) {
                thread.join(10_000); // ending after close() is asynchronous; none may stay
            }
            assertThat(left.stream().filter(Thread::isAlive).map(Thread::getName)).isEmpty();
        }
    }

    /**
     * A request blocked in a wait held the web server's graceful shutdown: the clients were closed
     * only when the context destroyed its beans, after the shutdown phase had waited (30 s by
     * default) for that request. The clients now close in the graceful shutdown's own phase, beside
     * it: here a stand-in for the server's graceful shutdown, in that phase, waits (as the server
     * does) for the request's wait to end, with the phase given 5 minutes; before, it waited them out.
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // the old code waited out the 5-minute phase
    void aWaitInProgressEndsCancelledBesideTheGracefulShutdown() throws Exception {
        WaitUnderWay waiting = new WaitUnderWay();
        GracefulStandIn server = new GracefulStandIn();
        try (MockServer mock = MockServer.start()) {
            web.withPropertyValues("verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl())
                    .withBean(VerifyKitListener.class, () -> waiting)
                    .withBean(GracefulStandIn.class, () -> server)
                    .withBean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME, DefaultLifecycleProcessor.class, () -> {
                        DefaultLifecycleProcessor processor = new DefaultLifecycleProcessor();
                        processor.setTimeoutPerShutdownPhase(Duration.ofMinutes(5).toMillis());
                        return processor;
                    })
                    .run(context -> {
                        DockClient dock = context.getBean(DockClient.class);
                        DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                                .clientId("user_1").build());
                        server.request = Background.supply(() -> dock.sessions().awaitCompletion(session.id(),
                                WaitOptions.builder().timeout(Duration.ofMinutes(10)).build()));
                        assertThat(waiting.begun.await(30, TimeUnit.SECONDS)).isTrue();
                    });
        }
        assertThat(server.ended).as("the wait had ended within the graceful shutdown's phase").isNotNull()
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(WaitCancelledException.class);
    }

    /**
     * A context stopped without being closed ({@code stop()}, as before a JVM checkpoint, which starts
     * it again on restore) closed every client for good: after {@code start()} each call failed with
     * {@code ClientClosedException}. Only the context's close closes them now.
     */
    @Test
    void aContextStoppedAndStartedAgainKeepsItsClientsOpen() {
        try (MockServer mock = MockServer.start()) {
            web.withPropertyValues("verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl())
                    .run(context -> {
                        context.stop();
                        context.start();
                        assertThat(context.getBean(DockClient.class).sessions().create(CreateSessionParams.builder()
                                .pid("PID-FREE0001").clientId("user_1").build()).id()).startsWith("vsn_");
                    });
        }
    }

    /** A call in progress outside a wait is let finish before the clients close. */
    @Test
    void aCallInProgressWhenTheContextBeginsToCloseIsLetFinish() throws Exception {
        CountDownLatch inStore = new CountDownLatch(1);
        CountDownLatch closing = new CountDownLatch(1);
        GuardrailStore memory = GuardrailStore.inMemory(Scheduler.system());
        GuardrailStore slow = (GuardrailStore) Proxy.newProxyInstance(GuardrailStore.class.getClassLoader(),
                new Class<?>[] {GuardrailStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("tryStartCreate")) {
                        inStore.countDown();
                        closing.await(); // until the context has begun to close
                    }
                    try {
                        return method.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        AtomicReference<CompletableFuture<DockSession>> create = new AtomicReference<>();
        try (MockServer mock = MockServer.start()) {
            web.withPropertyValues("verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl())
                    .withBean(GuardrailStore.class, () -> slow)
                    .withBean(ClosingSeen.class, () -> new ClosingSeen(closing))
                    .run(context -> {
                        DockClient dock = context.getBean(DockClient.class);
                        create.set(Background.supply(() -> dock.sessions().create(CreateSessionParams.builder()
                                .pid("PID-FREE0001").clientId("user_1").build())));
                        assertThat(inStore.await(30, TimeUnit.SECONDS)).isTrue();
                    });
        }
        assertThat(create.get().get(30, TimeUnit.SECONDS).id()).startsWith("vsn_");
    }

    /** Tells when the context begins to close, before the starter's own close listener runs. */
    static final class ClosingSeen implements ApplicationListener<ContextClosedEvent>, Ordered {
        private final CountDownLatch closing;

        ClosingSeen(CountDownLatch closing) {
            this.closing = closing;
        }

        @Override
        public void onApplicationEvent(ContextClosedEvent event) {
            closing.countDown();
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    /**
     * Stands in for the web server's graceful shutdown: stopped in its phase, it lets the phase end
     * only once the request in progress (a wait) has ended, and records how it ended.
     */
    static final class GracefulStandIn implements SmartLifecycle {
        volatile CompletableFuture<?> request;
        volatile Throwable ended;
        private volatile boolean running;

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            throw new UnsupportedOperationException("stopped asynchronously, as the server is");
        }

        @Override
        public void stop(Runnable callback) {
            running = false;
            Background.run(() -> {
                try {
                    request.get(5, TimeUnit.MINUTES);
                } catch (Exception e) {
                    ended = e;
                } finally {
                    callback.run();
                }
            });
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return ClientShutdown.PHASE;
        }
    }

    /** An application bean that needs the Dock client, then cannot start. */
    @Configuration(proxyBeanMethods = false)
    static class FailsAfterTheClients {
        static final AtomicReference<DockClient> DOCK = new AtomicReference<>();

        @Bean
        Object cannotStart(DockClient dock) {
            DOCK.set(dock);
            throw new IllegalStateException("an application bean that cannot start");
        }
    }
}
