package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.http.RawResponse;
import dev.verifykit.time.VirtualScheduler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A raw answer and the model in it as a caller gets them.
 *
 * <p>README ("Controls ... in a server's text ... are shown escaped (<code>&#92;u001B</code>), so it can neither
 * forge log lines nor drive a terminal"). {@code RawResponse.toString()} prints the answer's header
 * names, which OkHttp reads leniently from the server: a name holding ESC or a lone CR was printed
 * raw, so a hostile server or proxy could drive the terminal or overwrite the log line of an
 * application logging the raw answer.
 *
 * <p>They are immutable values ({@code @Value.Immutable}): a caller changing a collection it got from
 * one must not change it. The header value lists of a raw answer were OkHttp's {@code toMultimap()}
 * lists (ArrayLists), and the nested objects and arrays of unknown fields {@code JsonTree}'s
 * LinkedHashMaps and ArrayLists, so {@code raw.headers().get("x-request-id").set(0, …)} or a
 * {@code put} into a nested unknown object changed the answer the SDK returned (its {@code header()},
 * {@code equals} and {@code hashCode} with it).
 */
class RawResponseValuesTest {
    private static final String PENDING = """
            {"status":200,"data":{"id":"vsn_A1b2C3d4E5f6G7h8J9k0L1","pid":"PID-ABC12345","clientId":"user_123",
            "guildId":"987654321098765432","status":"pending","statusReason":null,"expiresAt":"2026-05-07T00:05:00.000Z",
            "verifyUrl":"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1",
            "reusedExisting":false},"meta":{"requestId":"req_abc123","version":"2.0.0"},"timestamp":"2026-05-07T00:00:00.000Z"}""";

    private static final String PENDING_WITH_NESTED_UNKNOWN = """
            {"status":200,"data":{"id":"vsn_A1b2C3d4E5f6G7h8J9k0L1","pid":"PID-ABC12345","clientId":"user_123",
            "guildId":"987654321098765432","status":"pending","statusReason":null,"expiresAt":"2026-05-07T00:05:00.000Z",
            "verifyUrl":"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1",
            "reusedExisting":false,"extra":{"flags":["a","b"],"inner":{"k":"v"}}},
            "meta":{"requestId":"req_abc123","version":"2.0.0"},"timestamp":"2026-05-07T00:00:00.000Z"}""";

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

    private RawResponse<DockSession> retrieve() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .setHeader("X-Request-Id", "req_abc123").body(PENDING_WITH_NESTED_UNKNOWN).build());
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"))).build();
        return client.sessions().withRawResponse().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");
    }

    @Test
    void aRawAnswersHeaderValuesCannotBeChangedThroughItsHeaders() {
        RawResponse<DockSession> raw = retrieve();
        int hash = raw.hashCode();
        List<String> values = raw.headers().get("x-request-id");

        assertThatThrownBy(() -> values.set(0, "req_forged")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> values.add("req_more")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(raw.header("X-Request-Id")).contains("req_abc123");
        assertThat(raw.hashCode()).isEqualTo(hash);
    }

    @Test
    void aFakesHeaderListChangedAfterBuildLeavesTheBuiltAnswerAlone() {
        List<String> given = new ArrayList<>(List.of("5"));
        RawResponse<String> raw = RawResponse.<String>builder().putHeaders("retry-after", given).value("v").build();

        given.set(0, "3600");

        assertThat(raw.header("Retry-After")).contains("5");
        assertThatThrownBy(() -> raw.headers().get("retry-after").add("1")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theNestedValuesOfAnUnknownFieldCannotBeChanged() {
        DockSession session = retrieve().value();
        int hash = session.hashCode();
        @SuppressWarnings("unchecked")
        Map<String, Object> extra = (Map<String, Object>) session.additionalProperties().get("extra");
        @SuppressWarnings("unchecked")
        List<Object> flags = (List<Object>) extra.get("flags");
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) extra.get("inner");

        assertThatThrownBy(() -> extra.put("added", true)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> flags.add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inner.remove("k")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(session.additionalProperties()).isEqualTo(Map.of("extra", Map.of("flags", List.of("a", "b"),
                "inner", Map.of("k", "v"))));
        assertThat(session.hashCode()).isEqualTo(hash);
    }
}
