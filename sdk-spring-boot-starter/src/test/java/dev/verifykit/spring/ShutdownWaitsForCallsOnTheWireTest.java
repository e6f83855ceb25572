package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.testing.Background;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A create whose first attempt was refused (503) and retried is, during its second attempt, on the
 * wire: the graceful shutdown lets it finish, as it does for a create never retried. (Counted asleep
 * from its retry until its next attempt ended, the attempt on the wire was cut by the close and the
 * session Dock made lost to the caller; the attempt's start is told now, {@code onAttemptStart}.)
 */
class ShutdownWaitsForCallsOnTheWireTest {
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    @Test
    void aCreateOnTheWireAfterARetryIsLetFinish() throws Exception {
        try (MockServer mock = MockServer.start()) {
            mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503), 1);
            mock.faults().add("POST", "/dock/v2/sessions", MockFault.delayHead(Duration.ofSeconds(4)), 1);
            ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                    .properties("spring.lifecycle.timeout-per-shutdown-phase=2m",
                            "verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl())
                    .run();
            DockClient dock = app.getBean(DockClient.class);
            try {
                CompletableFuture<DockSession> creating = Background.supply(() -> dock.sessions()
                        .create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build()));
                // the retried attempt reached the mock, which holds its answer's head
                assertThat(mock.journal().await(MockJournalQuery.all().method("POST").path("/dock/v2/sessions"), 2,
                        Duration.ofSeconds(60))).hasSize(2);
                CompletableFuture<Void> closed = Background.run(app::close);
                try {
                    assertThat(creating.get(60, TimeUnit.SECONDS).id()).startsWith("vsn_");
                } catch (ExecutionException e) {
                    throw new AssertionError("the shutdown closed the client under a create on the wire (its"
                            + " second attempt, after a retry): " + e.getCause(), e.getCause());
                }
                closed.get(60, TimeUnit.SECONDS);
            } finally {
                dock.close();
            }
        }
    }
}
