package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.servlet.internal.CountingStreams;
import dev.verifykit.testing.Await;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An {@code Error} from the application's code behind an endpoint (a class missing at run time, a
 * static initializer that failed: its message may name a database URL with its password) was thrown
 * on to the container, whose default error page showed it to the client: Jetty's quotes the Error
 * and its message, Tomcat's adds its stack trace. The relay's authorizer runs for any browser's
 * request, before anything is known of it; a webhook handler read blocking sent it to the sender
 * (Dokai keeps its deliveries' answers), while the asynchronous read answered a bare 500. Both
 * endpoints answer their own 500 now, as for an exception, and log the Error.
 */
class EndpointErrorNotShownTest {
    private static final String SECRET_IN_MESSAGE = "jdbc:postgresql://db/accounts?password=hunter2";
    private static final String WEBHOOK_SECRET = "whsec_mock";

    private DockRelay relay;
    private Container container;

    @AfterEach
    void stop() throws Exception {
        DockFixture.closeAll(container, relay);
    }

    @Test
    void anAuthorizerFailingWithAnErrorIsAnswered500WithoutItsMessage() throws Exception {
        CountingStreams streams = new CountingStreams();
        relay = DockRelay.create(streams, RelaySettings.defaults());
        container = Container.start(c -> c.map("/verifykit/dock/sessions/*", new DockRelayServlet(relay, (request, id) -> {
            throw new ExceptionInInitializerError(SECRET_IN_MESSAGE);
        })));

        String answer = exchange("GET /verifykit/dock/sessions/vsn_A1b2C3d4E5f6G7h8J9k0L1/events HTTP/1.1\r\n"
                + "Host: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 500");
        assertThat(answer).as(answer).doesNotContain("hunter2").doesNotContain("ExceptionInInitializerError")
                .containsPattern("(?i)\\r\\nCache-Control: [^\\r]*no-store");
        assertThat(streams.listeners).isEmpty();
        assertThat(relay.upstreams()).isZero();
    }

    /**
     * An {@code Error} opening a session's upstream (pinned by {@code RelayRegistryTest}: the hub
     * ends, the {@code Error} is thrown on): the browser, moved among those sent their session's end,
     * was counted out by a close hook its request, thrown out of, never set (a place among
     * {@code maxBrowsers} held for good), and the container, finding the asynchronous request
     * completed as the sink closed, answered a bare 200.
     */
    @Test
    void anUpstreamFailingToOpenWithAnErrorIsAnswered500AndItsBrowserCountedOut() throws Exception {
        CountingStreams streams = new CountingStreams();
        streams.beforeOpen = number -> {
            throw new ExceptionInInitializerError(SECRET_IN_MESSAGE);
        };
        relay = DockRelay.create(streams, RelaySettings.defaults());
        container = Container.start(c -> c.map("/verifykit/dock/sessions/*", new DockRelayServlet(relay, (request, id) -> true)));

        String answer = exchange("GET /verifykit/dock/sessions/vsn_A1b2C3d4E5f6G7h8J9k0L1/events HTTP/1.1\r\n"
                + "Host: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer).as(answer).startsWith("HTTP/1.1 500").doesNotContain("hunter2")
                .doesNotContain("ExceptionInInitializerError").containsPattern("(?i)\\r\\nCache-Control: [^\\r]*no-store");
        Await.awaitTrue(() -> relay.browsers() == 0); // its stream ended as the answer was written
        assertThat(relay.upstreams()).isZero();
    }

    @Test
    void aHandlerFailingWithAnErrorOnABlockingReadIsAnswered500WithoutItsMessageAndSentAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        container = Container.start(false, c -> c.map("/hook", new WebhookServlet(
                WebhookVerifier.builder().secret(WEBHOOK_SECRET).build(), event -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new AssertionError(SECRET_IN_MESSAGE);
                    }
                })));
        String body = "{\"id\":\"ver_error2\",\"status\":\"verified\",\"type\":\"hosted\",\"event\":\"verification.completed\"}";
        String delivery = "POST /hook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + WebhookSigner.HEADER + ": " + WebhookSigner.of(WEBHOOK_SECRET).sign(body.getBytes(StandardCharsets.UTF_8))
                + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;

        String failed = exchange(delivery);
        String again = exchange(delivery);

        assertThat(failed).startsWith("HTTP/1.1 500");
        assertThat(failed).as(failed).doesNotContain("hunter2").doesNotContain("AssertionError");
        assertThat(again).as("sent again: its claim was released").startsWith("HTTP/1.1 200").endsWith("HANDLED\n");
        assertThat(calls).hasValue(2);
    }

    private String exchange(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", container.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
