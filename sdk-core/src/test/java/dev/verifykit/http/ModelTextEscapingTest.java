package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.VerificationStatus;
import dev.verifykit.time.VirtualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * README, Security: "Controls, line and paragraph separators and bidirectional overrides in a
 * server's text ... are shown escaped ({@code \u001B}), so it can neither forge log lines nor drive
 * a terminal"; and a session's secrets are masked "so that a relay or a log showing the session
 * never shows the key": applications log the sessions the clients hand out. {@code RawResponse}'s
 * header names were escaped for that reason ({@code RawResponseValuesTest}), yet the model it
 * prints beside them, and the model's own {@code toString()}, printed the server's text raw: a
 * Dock {@code statusReason}, a Dokai {@code status} or liveness check name, a Roblox display name
 * holding ESC, CR or LF overwrote or forged the application's log line and drove its terminal.
 * The values themselves stay as the server sent them; only their printed form is escaped.
 */
class ModelTextEscapingTest {
    /** Clears the terminal's line, returns to its start and writes a forged line. */
    private static final String FORGED = "\u001b[2K\rINFO forged\nWARN \u202eforged";
    private static final String FORGED_JSON = "\\u001b[2K\\rINFO forged\\nWARN \\u202eforged";
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    private static final String SESSION = "{\"status\":200,\"data\":{\"id\":\"" + ID + "\",\"pid\":\"PID-ABC12345\","
            + "\"clientId\":\"user_123\",\"guildId\":\"987654321098765432\",\"status\":\"expired\",\"statusReason\":\""
            + FORGED_JSON + "\",\"expiresAt\":\"2026-05-07T00:05:00.000Z\",\"verifyUrl\":\"https://api.docksys.xyz/v2/v\","
            + "\"reusedExisting\":false},\"meta\":{\"requestId\":\"req_abc123\"}}";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private static void assertPrintedEscaped(String printed) {
        assertThat(printed).as(printed).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\n")
                .doesNotContain("\u202e").contains("\\u001B[2K\\u000DINFO forged\\u000AWARN \\u202Eforged");
    }

    private void answer(String body) {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build());
    }

    @Test
    void aDockSessionsTextIsPrintedEscapedAsIsTheRawAnswerHoldingIt() {
        answer(SESSION);
        answer(SESSION);
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"))).build()) {
            DockSession session = dock.sessions().retrieve(ID);
            RawResponse<DockSession> raw = dock.sessions().withRawResponse().retrieve(ID);

            assertThat(session.statusReason()).as("the value as the server sent it").contains(FORGED);
            assertPrintedEscaped(session.toString());
            assertPrintedEscaped(raw.toString());
        }
    }

    @Test
    void aDokaiSessionsStatusAndCheckNamesArePrintedEscaped() {
        answer("{\"id\":\"ver_abc123\",\"status\":\"" + FORGED_JSON + "\",\"type\":\"" + FORGED_JSON + "\","
                + "\"liveness\":{\"passed\":true,\"score\":0.9,\"checks\":{\"" + FORGED_JSON + "\":0.5}}}");
        try (DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_abcdef123456").baseUrl(server.url("/dokai").toString())
                .build()) {
            KycSession session = dokai.verifySessions().retrieve("ver_abc123");

            assertThat(session.status().raw()).as("the value as the server sent it").isEqualTo(FORGED);
            assertPrintedEscaped(session.toString());
            assertPrintedEscaped(session.liveness().orElseThrow().toString());
        }
    }

    @Test
    void aRobloxUsersNamesArePrintedEscaped() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String jwt = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString("{\"robloxUserId\":\"156319135\",\"exp\":4102444800}".getBytes(StandardCharsets.UTF_8))
                + ".c2lnbmF0dXJl";
        answer("{\"result\":{\"data\":{\"status\":\"verified\",\"jwt\":\"" + jwt + "\",\"user\":{\"robloxUserId\":\"156319135\","
                + "\"username\":\"" + FORGED_JSON + "\",\"displayName\":\"" + FORGED_JSON + "\",\"picture\":\"https://p/x.png\"}}}}");
        try (RobloxVerificationClient roblox = RobloxVerificationClient.builder().baseUrl(server.url("/trpc").toString())
                .build()) {
            VerificationStatus.Verified verified = (VerificationStatus.Verified) roblox.checkVerification(
                    "0b0b4c8e-3f5a-4d7e-9c2b-1a2b3c4d5e6f");

            assertThat(verified.user().displayName()).as("the value as the server sent it").isEqualTo(FORGED);
            assertPrintedEscaped(verified.user().toString());
            assertPrintedEscaped(verified.toString());
        }
    }
}
