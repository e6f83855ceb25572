package dev.verifykit.dock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.NotFoundException;
import dev.verifykit.http.EventStreamReader;
import dev.verifykit.http.internal.HttpTransport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * A stream's open call gives back what it carried to the transport's interceptors (its send
 * limit, its silence as read timeout) once OkHttp told its end, whichever way it ended: with the
 * session's terminal event, refused, or cancelled while held. Otherwise every stream a client ever
 * opened would stay in the transport's map.
 */
class StreamMarksTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    private static final String COMPLETED = """
            {"id":"vsn_A1b2C3d4E5f6G7h8J9k0L1","pid":"PID-ABC12345","clientId":"user_123","guildId":null,
            "status":"completed","statusReason":null,"createdAt":"2026-05-07T00:00:00.000Z",
            "expiresAt":"2026-05-07T00:05:00.000Z","terminalAt":"2026-05-07T00:01:12.000Z",
            "verifyUrl":"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1",
            "result":{"discordId":"123456789012345678","robloxId":"156319135","verifiedAt":"2026-05-07T00:01:12.000Z",
            "linkChanged":false,"previousRobloxId":null,"linkVersion":1,"linkHash":"sha256-x"}}""";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    /** Tells the completed session once, whatever the body holds: the engine's side is under test, not a parser. */
    private final EventStreamReader reader = (response, maxBytes, handler) -> handler.onEvent("1", "session", COMPLETED);

    @Test
    void aStreamsOpenCallLeavesNothingInTheTransportHoweverItEnds() throws Exception {
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).build()) {
            HttpTransport transport = ((DefaultDockClient) dock).transport();
            SessionStreams streams = dock.sessions().streams(reader, StreamSettings.defaults());

            server.enqueue(stream().build());
            DockSession done = streams.awaitCompletion(ID);
            assertThat(done.isCompleted()).isTrue();
            assertThat(transport.markedCalls()).as("after a stream that ended with its session").isZero();

            server.enqueue(new MockResponse.Builder().code(404).setHeader("Content-Type", "application/json")
                    .body("{\"status\":404,\"error\":{\"code\":\"SESSION_NOT_FOUND\",\"message\":\"no such session\"}}").build());
            // other sessions, so that no read waits for its session's interval
            assertThatThrownBy(() -> streams.awaitCompletion("vsn_B1b2C3d4E5f6G7h8J9k0L1")).isInstanceOf(NotFoundException.class);
            assertThat(transport.markedCalls()).as("after a stream refused").isZero();

            server.enqueue(stream().headersDelay(30, TimeUnit.SECONDS).build());
            CompletableFuture<DockSession> held = streams.awaitCompletionAsync("vsn_C1b2C3d4E5f6G7h8J9k0L1");
            for (int i = 0; i < 3; i++) {
                assertThat(server.takeRequest(30, TimeUnit.SECONDS)).as("request %d reached the server", i + 1).isNotNull();
            }
            assertThat(transport.markedCalls()).as("while a stream's open is held").isEqualTo(1);
            held.cancel(true);
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // a bound against a hang, not a measure
            while (transport.waitClient().dispatcher().runningCallsCount() > 0 && System.nanoTime() < giveUp) {
                Thread.sleep(10);
            }
            assertThat(transport.markedCalls()).as("after a held stream was cancelled").isZero();
        }
    }

    private static MockResponse.Builder stream() {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream").body("");
    }
}
