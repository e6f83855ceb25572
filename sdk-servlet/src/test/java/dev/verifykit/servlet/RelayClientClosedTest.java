package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockSession;
import dev.verifykit.sse.DockSessionStreams;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the relay's Dock client is closed while a session is followed, browsers are told
 * {@code closed}, as when it was closed before the upstream opened; they were told
 * {@code unavailable} (a transient-sounding error, remembered and replayed for endedRetention).
 */
class RelayClientClosedTest {
    private DockFixture fixture;
    private DockRelay relay;
    private Container container;
    private SseClient browser;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        DockFixture.closeAll(container, relay, fixture);
    }

    @Test
    void browsersAreToldClosedWhenTheRelaysClientIsClosed() throws Exception {
        fixture = DockFixture.start(Duration.ofSeconds(30));
        relay = DockRelay.create(DockSessionStreams.of(fixture.dock()),
                RelaySettings.builder().keepAlive(Duration.ofMillis(100)).build());
        container = Container.start(c -> c.map("/verifykit/dock/sessions/*", new DockRelayServlet(relay, (r, id) -> true)));
        DockSession session = fixture.dock().sessions().create(
                CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build());
        browser = SseClient.open(container.port(), "/verifykit/dock/sessions/" + session.id() + "/events", null);
        assertThat(browser.next().data()).contains("\"status\":\"pending\"");

        fixture.dock().close();

        SseClient.Event error = browser.next();
        browser.awaitEnd(Duration.ofSeconds(20));
        assertThat(error.type()).isEqualTo("relay-error");
        assertThat(error.data()).isEqualTo("{\"error\":\"closed\"}");
    }
}
