package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.sse.DockSessionStreams;
import dev.verifykit.testing.RawServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * README, Security: credentials never leave the process "whatever a server or the network does",
 * and DockRelayServletTest checks after each test that no browser received the API key. The relay
 * forwards a session's unknown fields to every browser as they came (SessionFrames.toMap), with no
 * redaction: an upstream that reflects the request's {@code Authorization} in a field of the
 * session (a debugging gateway, a misconfigured proxy) has the relay publish the API key to the
 * browsers following the session. Everywhere else the SDK shows a server's text (messages, logs,
 * toString) it masks the client's secrets first.
 */
class RelayReflectedKeyTest {
    private static final String KEY = "dock_live_Reflected7c2e91b";
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    private RawServer upstream;
    private DockClient dock;
    private DockRelay relay;
    private Container container;
    private SseClient browser;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        DockFixture.closeAll(container, relay, dock, upstream);
    }

    @Test
    void aSessionFieldReflectingTheKeyIsNotRelayedToBrowsers() throws Exception {
        upstream = new RawServer(conn -> {
            String authorization = conn.header("Authorization");
            String session = "{\"id\":\"" + ID + "\",\"pid\":\"PID-ABC12345\",\"clientId\":\"user_123\","
                    + "\"guildId\":null,\"status\":\"pending\",\"statusReason\":null,"
                    + "\"expiresAt\":\"2099-05-07T00:05:00.000Z\","
                    + "\"verifyUrl\":\"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=" + ID + "\","
                    + "\"reusedExisting\":false,\"debug\":{\"authorization\":\"" + authorization + "\"}}";
            // the head and the session's state, then the stream stays open (the socket is held until the client leaves)
            conn.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
                    + "retry: 2000\n\nevent: session\nid: 1\ndata: " + session + "\n\n");
        });
        dock = DockClient.builder().apiKey(KEY).baseUrl(upstream.url("/dock")).build();
        relay = DockRelay.create(DockSessionStreams.of(dock));
        container = Container.start(c -> c.map("/verifykit/dock/sessions/*", new DockRelayServlet(relay, (request, id) -> true)));

        browser = SseClient.open(container.port(), "/verifykit/dock/sessions/" + ID + "/events", null);
        SseClient.Event first = browser.next();

        assertThat(first.type()).isEqualTo("session");
        assertThat(first.data()).contains("\"id\":\"" + ID + "\"");
        assertThat(browser.text()).as("what the browser was sent").doesNotContain(KEY);
    }
}
