package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.InvalidRequestException;
import dev.verifykit.time.VirtualScheduler;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server's message goes into an exception's message, which integrators log and print: its line
 * breaks and control characters are escaped, so that a hostile server can neither forge log lines
 * nor drive a terminal.
 */
class RpcServerTextTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();
    private RobloxGameServerClient game;

    @AfterEach
    void close() {
        if (game != null) {
            game.close();
        }
    }

    @Test
    void aServersMessageCannotForgeLogLinesOrDriveATerminal() {
        server.enqueue(new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"Invalid or expired verification code\\n2026-05-07 INFO verified user 1"
                        + "\\u001b[2J\\u202e\",\"code\":-32600,\"data\":{\"code\":\"BAD_REQUEST\",\"httpStatus\":400,"
                        + "\"path\":\"auth.completeVerification\"}}}").build());
        game = RobloxGameServerClient.builder().baseUrl(server.url("/roblox").toString())
                .scheduler(VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z")))
                .verificationSecret("game-secret-7d1f").build();

        assertThatThrownBy(() -> game.completeVerification("482913", "156319135"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getMessage())
                        .contains("Invalid or expired verification code\\u000A2026-05-07 INFO verified user 1\\u001B[2J\\u202E")
                        .doesNotContain("\n", "\u001b", "\u202e"));
    }
}
