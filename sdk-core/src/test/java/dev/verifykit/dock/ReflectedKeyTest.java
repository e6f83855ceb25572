package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.testing.DockInternals;
import dev.verifykit.time.VirtualScheduler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * README, Security: the API key never leaves the process, whatever a server does. A server (a
 * debugging gateway, a misconfigured proxy) that reflects the request's {@code Authorization} into
 * a session's text has it masked in the session the client hands out, as in a server's message:
 * a relay showing the session to browsers, a log of its fields, never shows the key.
 */
class ReflectedKeyTest {
    private static final String KEY = "dock_live_Reflected7c2e91b";
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private DockClient dock;

    @BeforeEach
    void build() {
        dock = DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock").toString())
                .scheduler(VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"))).build();
    }

    @AfterEach
    void close() {
        dock.close();
    }

    /** A session of {@code id} whose status reason and an unknown field say what was in {@code authorization}. */
    private static String session(String id, String authorization) {
        return "{\"id\":\"" + id + "\",\"pid\":\"PID-ABC12345\",\"clientId\":\"user_123\",\"guildId\":null,"
                + "\"status\":\"expired\",\"statusReason\":\"refused: " + authorization + "\","
                + "\"expiresAt\":\"2026-05-07T00:05:00.000Z\","
                + "\"verifyUrl\":\"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=" + id + "\","
                + "\"reusedExisting\":false,\"debug\":{\"request\":{\"headers\":[{\"name\":\"Authorization\","
                + "\"value\":\"" + authorization + "\"}],\"attempt\":1}}}";
    }

    private static String envelope(String session) {
        return "{\"status\":200,\"data\":" + session + ",\"meta\":{\"requestId\":\"req_abc123\",\"version\":\"2.0.0\"},"
                + "\"timestamp\":\"2026-05-07T00:00:00.000Z\"}";
    }

    /** Answers each request with a session reflecting its {@code Authorization}. */
    private void reflecting() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body(envelope(session(ID, request.getHeaders().get("Authorization")))).build();
            }
        });
    }

    @Test
    void aReadReflectingTheKeyGivesASessionWithTheKeyMasked() {
        reflecting();

        DockSession session = dock.sessions().retrieve(ID);

        assertThat(session.statusReason()).contains("refused: Bearer [REDACTED]");
        assertThat(session.additionalProperties()).isEqualTo(Map.of("debug", Map.of("request", Map.of(
                "headers", List.of(Map.of("name", "Authorization", "value", "Bearer [REDACTED]")), "attempt", 1.0))));
        assertThat(session.toString() + session.additionalProperties()).doesNotContain(KEY);
        // the rest as it came
        assertThat(session.id()).isEqualTo(ID);
        assertThat(session.status().raw()).isEqualTo("expired");
        assertThat(session.pid()).isEqualTo("PID-ABC12345");
        assertThat(session.clientId()).isEqualTo("user_123");
        assertThat(session.verifyUrl()).endsWith("&sid=" + ID);
    }

    @Test
    void aCreateReflectingTheKeyGivesASessionWithTheKeyMasked() {
        reflecting();

        DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-ABC12345").clientId("user_123").build());

        assertThat(session.id()).isEqualTo(ID);
        assertThat(session.statusReason()).contains("refused: Bearer [REDACTED]");
        assertThat(session.additionalProperties().toString()).doesNotContain(KEY).contains("Bearer [REDACTED]");
    }

    @Test
    void aStreamEventReflectingTheKeyGivesASessionWithTheKeyMasked() {
        DockSession session = DockInternals.streamedSession(dock, session(ID, "Bearer " + KEY));

        assertThat(session.statusReason()).contains("refused: Bearer [REDACTED]");
        assertThat(session.additionalProperties().toString()).doesNotContain(KEY).contains("Bearer [REDACTED]");
    }

    /** Masked, the id would name no session (or another one masked alike): the answer is malformed, and says not why in the key's words. */
    @Test
    void aSessionWhoseIdHoldsTheKeyIsMalformed() {
        Throwable thrown = catchThrowable(() -> DockInternals.streamedSession(dock, session("vsn_" + KEY, "none")));

        assertThat(thrown).isInstanceOf(MalformedResponseException.class).hasMessageContaining("id holds this client's credentials");
        assertThat(thrown.getMessage()).doesNotContain(KEY);
    }

    /** A session without the key is handed out as it was read. */
    @Test
    void aSessionWithoutTheKeyIsAsItCame() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(envelope(session(ID, "Bearer dock_live_another1234567"))).build());

        DockSession session = dock.sessions().retrieve(ID);

        assertThat(session.statusReason()).contains("refused: Bearer dock_live_another1234567");
        assertThat(session.additionalProperties().toString()).contains("Bearer dock_live_another1234567");
    }
}
