package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.NotFoundException;
import dev.verifykit.error.ValidationException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dock documents no length for a session id (it is "returned as data.id by session creation"); the
 * client takes ids up to 256 characters (create, read, wait, stream), but the browser relay's path
 * took at most 128 and answered 404 for a longer one, without asking the authorizer: a session the
 * client created and followed could not be relayed to its page. Both take the one bound now.
 */
class RelaySessionIdLengthTest {
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private DockFixture fixture;
    private DockRelay relay;
    private Container container;

    @AfterEach
    void stop() throws Exception {
        DockFixture.closeAll(container, relay, fixture);
    }

    /** A relay whose authorizer records each id it is asked about and refuses it (403): no upstream is opened. */
    private void startRelay() throws Exception {
        fixture = DockFixture.start(Duration.ofSeconds(30));
        relay = DockRelay.create(fixture.streams(), RelaySettings.defaults());
        container = Container.start(c -> c.map("/verifykit/dock/sessions/*", new DockRelayServlet(relay, (request, id) -> {
            asked.add(id);
            return false; // no upstream: only whether the id was taken is looked at
        })));
    }

    @Test
    void theRelayTakesTheIdsTheClientTakesAndNoLonger() throws Exception {
        startRelay();
        String longest = "vsn_" + "A".repeat(252); // 256 characters
        String tooLong = longest + "B";

        assertThat(catchThrowable(() -> fixture.dock().sessions().retrieve(longest)))
                .as("the client sends a 256-character id (the mock has no such session)")
                .isInstanceOf(NotFoundException.class);
        assertThat(statusLine("/verifykit/dock/sessions/" + longest + "/events"))
                .as("the relay takes it too: its authorizer decides").startsWith("HTTP/1.1 403");
        assertThat(asked).containsExactly(longest);

        assertThat(catchThrowable(() -> fixture.dock().sessions().retrieve(tooLong))).isInstanceOf(ValidationException.class);
        assertThat(statusLine("/verifykit/dock/sessions/" + tooLong + "/events")).startsWith("HTTP/1.1 404");
        assertThat(asked).hasSize(1);
    }

    /**
     * Dock's documents show ids of letters, digits and {@code _} ({@code vsn_A1b2…}) and promise no
     * alphabet; the client follows any id a URL path carries as it is, the relay took only letters,
     * digits, {@code _} and {@code -} and answered 404, without asking the authorizer, for an id with
     * {@code .} or {@code ~}, the other characters a path carries unencoded (RFC 3986's unreserved).
     */
    @Test
    void theRelayTakesAnIdWithTheOtherCharactersAPathCarriesAsTheyAre() throws Exception {
        startRelay();
        String id = "vsn_A1b2.C3d4~E5";

        assertThat(catchThrowable(() -> fixture.dock().sessions().retrieve(id)))
                .as("the client sends it (the mock has no such session)").isInstanceOf(NotFoundException.class);
        assertThat(statusLine("/verifykit/dock/sessions/" + id + "/events"))
                .as("the relay takes it too: its authorizer decides").startsWith("HTTP/1.1 403");
        assertThat(asked).containsExactly(id);
    }

    private String statusLine(String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", container.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return answer.substring(0, Math.max(0, answer.indexOf("\r\n")));
        }
    }
}
