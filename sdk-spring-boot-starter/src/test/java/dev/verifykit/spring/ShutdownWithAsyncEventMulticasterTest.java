package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.mock.MockServer;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.servlet.RelayAuthorizer;
import dev.verifykit.testing.Background;
import jakarta.servlet.Servlet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;

/**
 * An application whose events are multicast asynchronously ({@code SimpleApplicationEventMulticaster}
 * with a task executor, as Spring documents): its {@code ContextClosedEvent} listeners run on the
 * executor's threads, whenever they get to it, and the context's lifecycle stop does not wait for them.
 * The starter learnt that the context was closing only from that event (its listeners kept Spring's
 * default {@code supportsAsyncExecution() == true}), so when the lifecycle stop came first, the
 * graceful shutdown's phase did not end the waits (a request's wait held it until the phase's timeout),
 * the clients were not closed after the server's stop, and the relay's browser streams were still open
 * when the server's graceful shutdown began (holding it too). The starter now asks the context whether
 * it is closing. Here the executor runs the events only once the close has returned.
 */
class ShutdownWithAsyncEventMulticasterTest {
    private final List<Runnable> deferred = new CopyOnWriteArrayList<>();

    /** The context's runner, its events multicast on an executor that runs them when the test says. */
    private WebApplicationContextRunner eventsDeferred(AutoConfigurations starter) {
        return new WebApplicationContextRunner().withConfiguration(starter)
                .withBean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME,
                        ApplicationEventMulticaster.class, () -> {
                            SimpleApplicationEventMulticaster multicaster = new SimpleApplicationEventMulticaster();
                            multicaster.setTaskExecutor(deferred::add); // run later, by the test
                            return multicaster;
                        });
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theWaitsEndInTheGracefulShutdownsPhaseWhateverTheEventsThreads() throws Exception {
        WaitUnderWay waiting = new WaitUnderWay();
        StarterLifecycleTest.GracefulStandIn server = new StarterLifecycleTest.GracefulStandIn();
        AtomicReference<CompletableFuture<DockSession>> request = new AtomicReference<>();
        try (MockServer mock = MockServer.start()) {
            eventsDeferred(AutoConfigurations.of(VerifyKitAutoConfiguration.class))
                    .withPropertyValues("verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl())
                    .withBean(VerifyKitListener.class, () -> waiting)
                    .withBean(StarterLifecycleTest.GracefulStandIn.class, () -> server)
                    .withBean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME, DefaultLifecycleProcessor.class, () -> {
                        DefaultLifecycleProcessor processor = new DefaultLifecycleProcessor();
                        processor.setTimeoutPerShutdownPhase(Duration.ofSeconds(3).toMillis());
                        return processor;
                    })
                    .run(context -> {
                        DockClient dock = context.getBean(DockClient.class);
                        DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                                .clientId("user_1").build());
                        request.set(Background.supply(() -> dock.sessions().awaitCompletion(session.id(),
                                WaitOptions.builder().timeout(Duration.ofMinutes(10)).build())));
                        server.request = request.get();
                        assertThat(waiting.begun.await(30, TimeUnit.SECONDS)).isTrue();
                    });
        }
        deferred.forEach(Runnable::run);

        Throwable ended = catchThrowable(() -> request.get().get(30, TimeUnit.SECONDS));
        assertThat(ended).hasCauseInstanceOf(WaitCancelledException.class);
        assertThat(((WaitCancelledException) ended.getCause()).clientClosed())
                .as("the wait was ended by the graceful shutdown's phase (cancelWaits), not by the client's close at"
                        + " the beans' destruction after that phase had timed out")
                .isFalse();
    }

    @Test
    void theRelayIsClosedBeforeTheGracefulShutdownsPhaseWhateverTheEventsThreads() {
        AtomicReference<Servlet> relay = new AtomicReference<>();
        AtomicInteger answeredInThePhase = new AtomicInteger();
        eventsDeferred(AutoConfigurations.of(VerifyKitAutoConfiguration.class, VerifyKitStreamsAutoConfiguration.class,
                        VerifyKitServletAutoConfiguration.class))
                .withPropertyValues("verifykit.dock.relay.enabled=true", "verifykit.dock.api-key=dock_test_free",
                        "verifykit.dock.base-url=http://127.0.0.1:9/dock")
                .withBean(RelayAuthorizer.class, () -> (request, id) -> true)
                .withBean("gracefulShutdownStandIn", SmartLifecycle.class, () -> new PhaseStandIn(ClientShutdown.PHASE, () -> {
                    try {
                        answeredInThePhase.set(StarterConfigurationTest.statusOfAStreamOpenedThrough(relay.get()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }))
                .run(context -> relay.set(context.getBean(VerifyKitServletAutoConfiguration.RELAY_BEAN,
                        ServletRegistrationBean.class).getServlet()));
        // the events are left unrun: they came too late for the phase (a listener run now would find the context closed)

        assertThat(answeredInThePhase).as("a browser opening a stream as the graceful shutdown begins: 503, the relay"
                + " closed (an open relay would have held the shutdown with this stream)").hasValue(503);
    }
}
