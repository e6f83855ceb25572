package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ApiException;
import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.InvalidRequestException;
import dev.verifykit.error.ServerException;
import dev.verifykit.time.VirtualScheduler;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The error envelope's edges RpcErrorMapper documents and no test held (found by mutation testing):
 * the type follows the error's code whatever status carried it, the status stated in
 * {@code data.httpStatus} counts from 400 to 599, the procedure stands in for a missing
 * {@code data.path}, and a message that is not a validator's issue list is kept as it is.
 */
class RpcErrorEnvelopeTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final String SECRET = "game-secret-7d1f";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private RobloxGameServerClient game;

    @AfterEach
    void close() {
        if (game != null) {
            game.close();
        }
    }

    private ApiException completionRefusedWith(int status, String error) {
        server.enqueue(new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
                .body("{\"error\":" + error + "}").build());
        game = RobloxGameServerClient.builder().baseUrl(server.url("/roblox").toString()).scheduler(time)
                .verificationSecret(SECRET).build();
        try {
            game.completeVerification("482913", "156319135");
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("the completion was not refused");
    }

    /** The class's rule: the exception is picked by the error's code, whatever the HTTP status that carried it. */
    @Test
    void theTypeFollowsTheCodeWhateverTheStatusCarryingIt() {
        ApiException e = completionRefusedWith(400, "{\"message\":\"Invalid verification secret\",\"code\":-32001,"
                + "\"data\":{\"code\":\"UNAUTHORIZED\",\"path\":\"auth.completeVerification\"}}");

        assertThat(e).isInstanceOf(AuthenticationException.class);
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.code()).contains("UNAUTHORIZED");
    }

    /** An error with no code at all (a layer in front of tRPC) is typed by its status, its message kept. */
    @Test
    void anErrorWithoutAnyCodeIsTypedByItsStatus() {
        ApiException e = completionRefusedWith(502, "{\"message\":\"upstream went away\"}");

        assertThat(e).isInstanceOf(ServerException.class);
        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(e.code()).isEmpty();
        assertThat(e.serviceMessage()).contains("upstream went away");
    }

    @Test
    void theEndpointIsTheErrorsPathOrTheProcedureCalledWhenItNamesNone() {
        ApiException named = completionRefusedWith(400, "{\"message\":\"bad\",\"code\":-32600,"
                + "\"data\":{\"code\":\"BAD_REQUEST\",\"path\":\"auth.other\"}}");
        game.close();
        ApiException unnamed = completionRefusedWith(400, "{\"message\":\"bad\",\"code\":-32600,\"data\":{\"code\":\"BAD_REQUEST\"}}");

        assertThat(named.endpoint()).contains("auth.other");
        assertThat(unnamed.endpoint()).contains("auth.completeVerification");
    }

    /** Only a validator's issue list is rewritten; other text, even starting with '[', is kept as it came. */
    @ParameterizedTest
    @ValueSource(strings = {"[not json", "[]", "[1,2]", "[{\\\"path\\\":[\\\"code\\\"]}]"})
    void aMessageThatIsNoIssueListIsKeptAsItIs(String message) {
        ApiException e = completionRefusedWith(400, "{\"message\":\"" + message + "\",\"code\":-32600,"
                + "\"data\":{\"code\":\"BAD_REQUEST\",\"httpStatus\":400}}");

        assertThat(e).isInstanceOf(InvalidRequestException.class);
        assertThat(e.serviceMessage()).contains(message.replace("\\\"", "\""));
    }

    /**
     * An error carried by a 2xx has the status its {@code data.httpStatus} states when that is an error
     * status (400 to 599), even for a code this client has no status for (a newer tRPC's); otherwise
     * the code's, and for an unknown code the answer's own.
     */
    @ParameterizedTest
    @CsvSource({"400, 400", "599, 599", "399, 200", "600, 200"})
    void aStatedStatusCountsFrom400To599(int stated, int status) {
        ApiException e = completionRefusedWith(200, "{\"message\":\"refused\",\"code\":-32000,"
                + "\"data\":{\"code\":\"SOME_NEWER_CODE\",\"httpStatus\":" + stated + "}}");

        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.code()).contains("SOME_NEWER_CODE");
    }
}
