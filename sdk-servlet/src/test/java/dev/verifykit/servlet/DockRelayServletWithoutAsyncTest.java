package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockSession;
import dev.verifykit.mock.MockJournalQuery;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DockRelayServlet's Javadoc: map it "with async support on"; README's logging table: "mapped without
 * async support (ERROR)". Mapped without it, a browser its authorizer let in is answered 500, and no
 * upstream is opened for the session: the stream could only be held on a container thread.
 */
class DockRelayServletWithoutAsyncTest {
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private DockFixture fixture;
    private DockRelay relay;
    private Container container;

    @AfterEach
    void stop() throws Exception {
        DockFixture.closeAll(container, relay, fixture);
    }

    @Test
    void aBrowserLetInIsAnswered500AndNoUpstreamIsOpened() throws Exception {
        fixture = DockFixture.start(Duration.ofSeconds(30));
        relay = DockRelay.create(fixture.streams(), RelaySettings.defaults());
        container = Container.start(false, c -> c.map("/verifykit/dock/sessions/*", new DockRelayServlet(relay, (request, id) -> {
            asked.add(id);
            return true;
        })));
        DockSession session = fixture.dock().sessions().create(
                CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build());

        String answer = exchange("/verifykit/dock/sessions/" + session.id() + "/events");

        assertThat(answer).startsWith("HTTP/1.1 500 ").containsPattern("(?i)\r\nCache-Control: [^\r]*no-cache,[ ]?no-store")
                .doesNotContainIgnoringCase("text/event-stream");
        assertThat(asked).containsExactly(session.id());
        assertThat(relay.upstreams()).isZero();
        assertThat(fixture.mock().journal().find(MockJournalQuery.all()
                .path("/dock/v2/sessions/" + session.id() + "/stream"))).isEmpty();
    }

    private String exchange(String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", container.port())) {
            socket.setSoTimeout(20_000); // a hang guard
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
