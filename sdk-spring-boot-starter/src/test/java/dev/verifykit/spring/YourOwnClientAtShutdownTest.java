package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.mock.MockServer;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.Background;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;

/**
 * README, Spring Boot: "Your own bean of a client's type ... replaces the auto-configured one; the
 * starter closes only what it made, so yours stays yours to close", also when the starter follows it
 * (its {@code SessionStreams} over your {@code DockClient}). At the close, after the phase in which the
 * starter closes its clients, its own Dokai client is closed, while your Dock client still calls and
 * its wait, begun before the close, was not ended by the starter's graceful-shutdown step: it runs on
 * to the session's end.
 */
class YourOwnClientAtShutdownTest {

    @Test
    void yourDockClientGoesOnCallingAndWaitingAfterTheStarterClosedItsOwn() throws Exception {
        WaitUnderWay waiting = new WaitUnderWay();
        AtomicReference<DokaiClient> starters = new AtomicReference<>();
        AtomicReference<DockSession> session = new AtomicReference<>();
        AtomicReference<CompletableFuture<DockSession>> yourWait = new AtomicReference<>();
        Map<String, String> after = new ConcurrentHashMap<>(); // what each call did once the starter closed its clients
        try (MockServer mock = MockServer.start();
                DockClient yours = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                        .listener(waiting).build()) {
            Runnable afterTheClientsClose = () -> {
                after.put("your call", outcome(() -> yours.sessions().create(CreateSessionParams.builder()
                        .pid("PID-FREE0001").clientId("user_after").build()).status().raw()));
                mock.dock().complete(session.get().id());
                after.put("your wait", outcome(() -> {
                    try {
                        return yourWait.get().get(30, TimeUnit.SECONDS).status().raw();
                    } catch (ExecutionException e) {
                        throw (RuntimeException) e.getCause();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
                after.put("the starter's call", outcome(() -> starters.get().verifySessions()
                        .create(CreateKycSessionParams.none()).id()));
            };
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class,
                            VerifyKitStreamsAutoConfiguration.class))
                    .withPropertyValues("verifykit.dokai.api-key=dk_test_mock", "verifykit.dokai.base-url=" + mock.dokaiBaseUrl())
                    .withBean(DockClient.class, () -> yours)
                    .withBean("afterTheClientsClose", SmartLifecycle.class,
                            () -> new PhaseStandIn(ClientShutdown.CLOSE_PHASE - 1, afterTheClientsClose))
                    .run(context -> {
                        assertThat(context).hasNotFailed().hasSingleBean(SessionStreams.class);
                        starters.set(context.getBean(DokaiClient.class));
                        session.set(yours.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                                .clientId("user_before").build()));
                        yourWait.set(Background.supply(() -> yours.sessions().awaitCompletion(session.get().id(),
                                WaitOptions.builder().timeout(Duration.ofMinutes(10)).build())));
                        assertThat(waiting.begun.await(30, TimeUnit.SECONDS)).isTrue();
                    });
        }
        assertThat(after.get("the starter's call")).as("the starter's Dokai client, closed by the starter")
                .isEqualTo("ClientClosedException");
        assertThat(after.get("your call")).as("a call of your Dock client").isEqualTo("pending");
        assertThat(after.get("your wait")).as("your Dock client's wait, begun before the close").isEqualTo("completed");
    }

    /** What {@code call} gave, or the simple name of what it threw. */
    private static String outcome(Supplier<String> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }
}
