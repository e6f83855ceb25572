package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.http.RawResponse;
import dev.verifykit.time.VirtualScheduler;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * README ("Controls ... in a server's text ... are shown escaped (<code>&#92;u001B</code>), so it can neither
 * forge log lines nor drive a terminal"). {@code RawResponse.toString()} prints the answer's header
 * names, which OkHttp reads leniently from the server: a name holding ESC or a lone CR was printed
 * raw, so a hostile server or proxy could drive the terminal or overwrite the log line of an
 * application logging the raw answer.
 */
class RawResponseHeaderNameEscapedTest {
    private static final String PENDING = """
            {"status":200,"data":{"id":"vsn_A1b2C3d4E5f6G7h8J9k0L1","pid":"PID-ABC12345","clientId":"user_123",
            "guildId":"987654321098765432","status":"pending","statusReason":null,"expiresAt":"2026-05-07T00:05:00.000Z",
            "verifyUrl":"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1",
            "reusedExisting":false},"meta":{"requestId":"req_abc123","version":"2.0.0"},"timestamp":"2026-05-07T00:00:00.000Z"}""";

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private DockClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void aHeaderNameHoldingControlsIsPrintedEscaped() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .addHeaderLenient("X-\u001b[2K\rforged", "1").body(PENDING).build());
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"))).build();

        RawResponse<DockSession> raw = client.sessions().withRawResponse().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");

        assertThat(raw.headers().keySet()).as("the name as the server sent it (lower-cased)")
                .contains("x-\u001b[2k\rforged");
        assertThat(raw.toString()).doesNotContain("\u001b").doesNotContain("\r").contains("\\u001B");
    }
}
