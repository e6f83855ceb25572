package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.mock.MockServer;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.Background;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Two applications in one JVM (two contexts, as tests or a parent with several children make them) share
 * nothing of the starter's: the close of one ends its own clients' waits and closes its own clients
 * (README, Spring Boot: "Only a close does this", its shutdown steps "told the close by the context
 * itself"), while the other's clients go on calling and their waits run on to the session's end.
 */
class TwoContextsInOneJvmTest {
    private static final WaitOptions LONG = WaitOptions.builder().timeout(Duration.ofMinutes(10)).build();

    private static ApplicationContextRunner dock(MockServer mock, VerifyKitListener waiting) {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class))
                .withPropertyValues("verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl())
                .withBean(VerifyKitListener.class, () -> waiting);
    }

    private static DockSession create(DockClient dock, String user) {
        return dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId(user).build());
    }

    @Test
    void closingOneContextLeavesTheOthersClientsAndWaitsRunning() throws Exception {
        WaitUnderWay waitingInKept = new WaitUnderWay();
        WaitUnderWay waitingInClosed = new WaitUnderWay();
        AtomicReference<DockClient> closedDock = new AtomicReference<>();
        AtomicReference<CompletableFuture<DockSession>> closedWait = new AtomicReference<>();
        try (MockServer mock = MockServer.start()) {
            dock(mock, waitingInKept).run(kept -> {
                DockClient keptDock = kept.getBean(DockClient.class);
                DockSession keptSession = create(keptDock, "user_kept");
                CompletableFuture<DockSession> keptWait =
                        Background.supply(() -> keptDock.sessions().awaitCompletion(keptSession.id(), LONG));
                assertThat(waitingInKept.begun.await(30, TimeUnit.SECONDS)).isTrue();

                dock(mock, waitingInClosed).run(closed -> {
                    DockClient dock = closed.getBean(DockClient.class);
                    assertThat(dock).isNotSameAs(keptDock);
                    closedDock.set(dock);
                    DockSession session = create(dock, "user_closed");
                    closedWait.set(Background.supply(() -> dock.sessions().awaitCompletion(session.id(), LONG)));
                    assertThat(waitingInClosed.begun.await(30, TimeUnit.SECONDS)).isTrue();
                });
                // the closed context's own wait ended with its close, and its client is closed
                assertThat(closedWait.get()).failsWithin(30, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                        .withCauseInstanceOf(WaitCancelledException.class);
                assertThatThrownBy(() -> create(closedDock.get(), "user_late")).isInstanceOf(ClientClosedException.class);

                // the other context's client still calls, and its wait runs on to the session's end
                assertThat(create(keptDock, "user_kept_again").id()).startsWith("vsn_");
                mock.dock().complete(keptSession.id());
                assertThat(keptWait.get(30, TimeUnit.SECONDS).status().value()).isEqualTo(DockSessionStatus.COMPLETED);
            });
        }
    }
}
