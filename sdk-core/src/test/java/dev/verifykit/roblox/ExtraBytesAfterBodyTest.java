package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.verifykit.testing.RawServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A server (or a proxy) whose answer carries more bytes than its {@code Content-Length} says: a
 * stray CRLF after the body (a body length computed before a line end was added), or a length
 * counted in characters for a UTF-8 body. RFC 9112 §6.3: a client must not process such extra data
 * as a separate response. OkHttp returns the connection to its pool with the extra bytes still
 * buffered (its health check before a write takes buffered bytes for a live connection), so the
 * next request written to it read them as its answer's status line. The next call is a completion:
 * a write without an idempotency key, which the SDK never sends again since it may have arrived;
 * here it did arrive, and the server answered it, but the caller was told it failed. Such writes
 * now go out on a connection of their own.
 */
class ExtraBytesAfterBodyTest {
    private static final String OK = "{\"result\":{\"data\":{\"ok\":true}}}";
    private static final Duration GUARD = Duration.ofSeconds(40);

    private static String answer(String body, String extra) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body + extra;
    }

    @Test
    void aStrayLineEndAfterAFixedLengthBodyDoesNotBreakTheNextCompletion() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        try (RawServer server = new RawServer(conn -> {
            // one keep-alive connection: every request on it is answered, the first with a stray CRLF after its body
            do {
                conn.write(answer(OK, answered.getAndIncrement() == 0 ? "\r\n" : ""));
            } while (conn.readRequest());
        }); RobloxGameServerClient game = RobloxGameServerClient.builder().baseUrl(server.url(""))
                .verificationSecret("game-secret-7d1f").maxRetries(0).build()) {
            assertTimeoutPreemptively(GUARD, () -> game.completeVerification("123456", "156"));
            assertThatCode(() -> assertTimeoutPreemptively(GUARD, () -> game.completeVerification("654321", "261")))
                    .as("the second completion, which the server received and answered 200")
                    .doesNotThrowAnyException();
            assertThat(answered.get()).isEqualTo(2);
        }
    }

    /**
     * The extra bytes are a whole answer (a proxy that sized a body too short, or a server that wrote
     * an answer early): the next completion, which the server refuses (its secret is wrong), is taken
     * for done from bytes that were on the connection before it was sent.
     */
    @Test
    void anAnswerSentBeforeTheRequestIsNotTakenForItsAnswer() throws Exception {
        String refused = "{\"error\":{\"message\":\"Invalid verification secret\",\"code\":-32001,"
                + "\"data\":{\"code\":\"UNAUTHORIZED\",\"httpStatus\":401,\"path\":\"auth.completeVerification\"}}}";
        AtomicInteger answered = new AtomicInteger();
        try (RawServer server = new RawServer(conn -> {
            do {
                if (answered.getAndIncrement() == 0) {
                    conn.write(answer(OK, answer(OK, "")));
                } else {
                    conn.write("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: "
                            + refused.length() + "\r\n\r\n" + refused);
                }
            } while (conn.readRequest());
        }); RobloxGameServerClient game = RobloxGameServerClient.builder().baseUrl(server.url(""))
                .verificationSecret("game-secret-7d1f").maxRetries(0).build()) {
            assertTimeoutPreemptively(GUARD, () -> game.completeVerification("123456", "156"));
            Throwable second = org.assertj.core.api.Assertions.catchThrowable(
                    () -> assertTimeoutPreemptively(GUARD, () -> game.completeVerification("654321", "261")));
            assertThat(second).as("the second completion, which the server refused with 401 after it arrived")
                    .isInstanceOf(dev.verifykit.error.AuthenticationException.class);
        }
    }
}
