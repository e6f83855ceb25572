package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.time.VirtualScheduler;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CONTRACT.md: "completed (result populated)"; DockSessionStatus.COMPLETED: "Verification completed;
 * the result is populated"; DockSession.isCompleted(): "Whether the session completed with a link".
 * An answer saying {@code completed} with no result (left out, or {@code null}) was taken as it came:
 * a session that {@code isCompleted()} with {@code result()} empty, which the README's
 * {@code done.result().ifPresent(...)} silently skips (a completion that links nobody) and
 * DockSession's own example ({@code done.result().orElseThrow()}) turns into a
 * {@code NoSuchElementException}, instead of the typed malformed answer a missing required field is.
 */
class CompletedWithoutResultTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private DockClient dock;

    @AfterEach
    void close() {
        if (dock != null) {
            dock.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {",\"result\":null", ""})
    void aCompletedSessionWithoutItsResultIsAMalformedAnswer(String result) {
        String data = "{\"id\":\"" + ID + "\",\"pid\":\"PID-ABC12345\",\"clientId\":\"user_123\",\"guildId\":null,"
                + "\"status\":\"completed\",\"statusReason\":null,\"expiresAt\":\"2026-05-07T00:05:00.000Z\","
                + "\"terminalAt\":\"2026-05-07T00:01:00.000Z\","
                + "\"verifyUrl\":\"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=" + ID + "\","
                + "\"reusedExisting\":false" + result + "}";
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"status\":200,\"data\":" + data + ",\"meta\":{\"requestId\":\"req_1\",\"version\":\"2.0.0\"},"
                        + "\"timestamp\":\"2026-05-07T00:01:00.000Z\"}").build());
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).maxRetries(0)
                .scheduler(VirtualScheduler.manual(Instant.parse("2026-05-07T00:01:00Z"))).build();

        Object answer = catchThrowable(() -> {
            DockSession session = dock.sessions().retrieve(ID);
            throw new AssertionError("taken: isCompleted()=" + session.isCompleted() + ", result()=" + session.result());
        });

        assertThat(answer).isInstanceOf(MalformedResponseException.class);
    }
}
