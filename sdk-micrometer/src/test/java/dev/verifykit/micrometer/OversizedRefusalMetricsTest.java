package dev.verifykit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A refusal whose body was not read (past {@code maxResponseBytes}) in the meters, with its status. */
class OversizedRefusalMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MockServer mock = MockServer.start();

    @AfterEach
    void stop() {
        mock.close();
        registry.close();
    }

    /**
     * verifykit.refusals counts "each attempt the service answered with a 4xx status": a 403 whose
     * page passes maxResponseBytes (a proxy's, a WAF's) was answered 403 on the wire (the caller's
     * exception says so), so it is one refusal, and the call's timer has its status.
     */
    @Test
    void aRefusalWhoseBodyIsTooLargeIsStillCountedWithItsStatus() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(403).withBody("<html>" + "x".repeat(4096)), 1);
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl()).maxRetries(0)
                .maxResponseBytes(1024).listener(VerifyKitMetrics.create(registry)).build()) {
            assertThatThrownBy(() -> dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_1").build())).isInstanceOfSatisfying(MalformedResponseException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(403));
        }

        assertThat(mock.journal().find(MockJournalQuery.all().method("POST"))).hasSize(1);
        assertThat(registry.find("verifykit.refusals").counters()).as("verifykit.refusals").singleElement()
                .satisfies(refused -> {
                    assertThat(refused.getId().getTag("status")).isEqualTo("403");
                    assertThat(refused.count()).isEqualTo(1);
                });
        assertThat(registry.get("verifykit.calls").timer().getId().getTag("status")).isEqualTo("403");
    }
}
