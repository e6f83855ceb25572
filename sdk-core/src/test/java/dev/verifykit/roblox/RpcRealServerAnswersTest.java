package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.InvalidRequestException;
import dev.verifykit.error.PermissionException;
import dev.verifykit.error.RateLimitException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The RPC clients against the bytes a real tRPC server answered, kept as they came (in
 * {@code src/test/resources/dev/verifykit/roblox/trpc-11.25.2-zod-4.6.7/}): a stand-in for the
 * BloxChat API's {@code auth} router on {@code @trpc/server} 11.25.2's standalone adapter (no data
 * transformer, not in production mode, so every error carries {@code data.stack}) with zod 4.6.7
 * input schemas, under Node 20.20.2, built as {@code reference/README.md} describes the server (its
 * outputs, error codes, {@code x-verification-secret}, the sliding-window rate limits with the hint
 * in the message). The envelopes, the issue lists and the statuses are tRPC's and zod's own, not
 * written by hand. The real server never sends FORBIDDEN: that answer is tRPC's envelope for a
 * {@code TRPCError} the stand-in threw with that code.
 */
class RpcRealServerAnswersTest extends CannedRpcAnswers {
    /** When the answers were taken (their {@code Date}): the session's {@code expiresAt} is 10 minutes later. */
    private static final Instant TAKEN = Instant.parse("2026-12-07T18:44:07Z");
    private static final String SESSION = "20bc8e81-1e5a-4482-a565-8e298d1e7986";
    private static final String SECRET = "x".repeat(64);

    RpcRealServerAnswersTest() {
        super(TAKEN);
    }

    private RobloxVerificationClient rpc() {
        return rpc(RpcTransformer.NONE);
    }

    private RobloxGameServerClient game() {
        return game(SECRET, RpcTransformer.NONE);
    }

    /** The answer as the server sent it: its status, its {@code Content-Type}, its body's bytes. */
    private static MockResponse answered(int status, String file) {
        String name = "trpc-11.25.2-zod-4.6.7/" + file;
        try (InputStream body = RpcRealServerAnswersTest.class.getResourceAsStream(name)) {
            assertThat(body).as(name).isNotNull();
            return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
                    .setHeader("Keep-Alive", "timeout=5").body(new String(body.readAllBytes(), StandardCharsets.UTF_8))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Begin (sent with no body: the server takes a bare {@code Content-Type: application/json}),
     * pending, the game's completion, verified: each answer read as the server wrote it.
     */
    @Test
    void aWholeVerificationIsReadFromTheServersOwnAnswers() throws Exception {
        server.enqueue(answered(200, "begin.json"));
        server.enqueue(answered(200, "check-pending.json"));
        server.enqueue(answered(200, "complete-ok.json"));
        server.enqueue(answered(200, "check-verified.json"));

        VerificationStart start = rpc().beginVerification();
        VerificationStatus pending = rpc.checkVerification(start.sessionId());
        game().completeVerification(start.code(), "156319135");
        time.advance(Duration.ofSeconds(2));
        VerificationStatus verified = rpc.checkVerification(start.sessionId());

        assertThat(start.sessionId()).isEqualTo(SESSION);
        assertThat(start.code()).isEqualTo("378014");
        assertThat(start.placeId()).as("sent as the string \"1818\"").isEqualTo(1818L);
        assertThat(start.expiresAt()).isEqualTo(Instant.ofEpochMilli(1796669647569L));
        assertThat(pending).isInstanceOfSatisfying(VerificationStatus.Pending.class,
                p -> assertThat(p.code()).isEqualTo("378014"));
        assertThat(verified).isInstanceOfSatisfying(VerificationStatus.Verified.class, v -> {
            assertThat(v.user().robloxUserId()).isEqualTo("156319135");
            assertThat(v.user().username()).isEqualTo("user156319135");
            assertThat(rpc.authSession(v).user()).isEqualTo(v.user());
        });

        RecordedRequest begin = server.takeRequest();
        assertThat(begin.getMethod()).isEqualTo("POST");
        assertThat(begin.getUrl().encodedPath()).isEqualTo("/roblox/auth.beginVerification");
        assertThat(begin.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(begin.getBodySize()).isZero();
        assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"sessionId\":\"" + SESSION + "\"}");
        RecordedRequest complete = server.takeRequest();
        assertThat(complete.getHeaders().get("x-verification-secret")).isEqualTo(SECRET);
        assertThat(complete.getBody().utf8()).isEqualTo("{\"code\":\"378014\",\"robloxUserId\":\"156319135\"}");
    }

    /**
     * zod 4 prints its issues with a 2-space indent and more members than zod 3 ({@code origin},
     * {@code format}, {@code pattern}): the integrator is told the field and zod's message, not the
     * issue list's JSON nor the server's stack (which repeats it).
     */
    @Test
    void aZod4IssueListNamesTheFieldItRefuses() {
        server.enqueue(answered(400, "check-invalid-uuid.json"));

        assertThatThrownBy(() -> rpc().checkVerification(SESSION)).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.code()).contains("BAD_REQUEST");
            assertThat(e.serviceMessage()).contains("sessionId: Invalid UUID");
            assertThat(e.endpoint()).contains("auth.checkVerification");
            assertThat(e.getMessage()).contains("sessionId: Invalid UUID").doesNotContain("pattern")
                    .doesNotContain("TRPCError").doesNotContain("node_modules");
        });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aZod4IssueListOfTwoFieldsNamesBothInItsOrder() {
        server.enqueue(answered(400, "complete-invalid-input.json"));

        assertThatThrownBy(() -> game().completeVerification("482913", "156319135"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.serviceMessage())
                        .contains("code: Too small: expected string to have >=6 characters; robloxUserId: Invalid user id"));
    }

    /** No {@code Retry-After}: the seconds are in the message only, and the check is not re-sent. */
    @Test
    void theServersRateLimitIsA429WithTheSecondsOfItsMessage() {
        server.enqueue(answered(429, "check-rate-limited.json"));

        assertThatThrownBy(() -> rpc().checkVerification(SESSION)).isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(60));
            assertThat(e.serviceMessage()).contains("Rate limit hit. Try again in 60s.");
            assertThat(e.getMessage()).doesNotContain("node_modules");
        });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aWrongSecretIsAnAuthenticationFailureNamingIt() {
        server.enqueue(answered(401, "complete-bad-secret.json"));

        assertThatThrownBy(() -> game().completeVerification("482913", "156319135"))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.serviceMessage()).contains("Invalid verification secret");
                    assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("server.js");
                });
    }

    /** FORBIDDEN (-32003), mapped though the server never sends it: a permission refusal, not retried. */
    @Test
    void aForbiddenIsAPermissionRefusal() {
        server.enqueue(answered(403, "complete-forbidden.json"));

        assertThatThrownBy(() -> game().completeVerification("482913", "156319135"))
                .isInstanceOfSatisfying(PermissionException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.code()).contains("FORBIDDEN");
                    assertThat(e.serviceMessage()).contains("User is not allowed to verify");
                    assertThat(e.endpoint()).contains("auth.completeVerification");
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
