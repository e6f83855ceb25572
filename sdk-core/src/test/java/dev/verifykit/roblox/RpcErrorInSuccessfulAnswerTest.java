package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ApiException;
import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.ConflictException;
import dev.verifykit.error.PermissionException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ServerException;
import dev.verifykit.http.RequestOptions;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A tRPC error envelope ({@code {"error":…}}) carried by an HTTP 200 is the error it states, as
 * tRPC's own client reads it (by the body, whatever the status), with the status it states: not a
 * malformed answer retried as one.
 */
class RpcErrorInSuccessfulAnswerTest extends CannedRpcAnswers {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final String SESSION = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";
    private static final String SECRET = "game-secret-7d1f";

    RpcErrorInSuccessfulAnswerTest() {
        super(T0);
    }

    private RobloxGameServerClient game() {
        return game(SECRET, RpcTransformer.NONE);
    }

    private static MockResponse okCarrying(String error) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"error\":" + error + "}").build();
    }

    /** What a check retried as if malformed would get: the test then fails at once, not at a timeout. */
    private void thenExpired() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body("{\"result\":{\"data\":{\"status\":\"expired\"}}}").build());
        }
    }

    private static String error(int status, int number, String code, String message, String path) {
        return "{\"message\":\"" + message + "\",\"code\":" + number + ",\"data\":{\"code\":\"" + code
                + "\",\"httpStatus\":" + status + ",\"path\":\"" + path + "\"}}";
    }

    @Test
    void aRateLimitCarriedByA200IsARateLimitWithItsHint() {
        server.enqueue(okCarrying(error(429, -32029, "TOO_MANY_REQUESTS", "Rate limit hit. Try again in 30s.",
                "auth.checkVerification")));
        thenExpired();

        assertThatThrownBy(() -> rpc(RpcTransformer.NONE).checkVerification(SESSION))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(429);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
                });
        assertThat(server.getRequestCount()).as("asked once, not retried as a malformed answer").isEqualTo(1);
    }

    @Test
    void aSuperjsonErrorCarriedByA200IsTheError() {
        server.enqueue(okCarrying("{\"json\":" + error(429, -32029, "TOO_MANY_REQUESTS", "Rate limit hit. Try again in 30s.",
                "auth.checkVerification") + "}"));
        thenExpired();

        assertThatThrownBy(() -> rpc(RpcTransformer.SUPERJSON).checkVerification(SESSION))
                .isInstanceOf(RateLimitException.class);
    }

    /** A completion refused inside a 200: the integrator learns that the secret is wrong. */
    @Test
    void aCompletionRefusedInsideA200IsAnAuthenticationFailure() {
        server.enqueue(okCarrying(error(401, -32001, "UNAUTHORIZED", "Invalid verification secret",
                "auth.completeVerification")));

        assertThatThrownBy(() -> game().completeVerification("482913", "156319135"))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("Invalid verification secret");
                });
    }

    /** An envelope naming no code, by name or number, is still the error it carries, with its message. */
    @Test
    void anErrorNamingNoCodeIsStillTheError() {
        server.enqueue(okCarrying("{\"message\":\"Verification failed\"}"));

        assertThatThrownBy(() -> game().completeVerification("482913", "156319135"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("Verification failed"));
    }

    /** An envelope without a message is typed by its code all the same. */
    @Test
    void anErrorWithoutAMessageIsTypedByItsCode() {
        server.enqueue(okCarrying("{\"code\":-32603}"));

        assertThatThrownBy(() -> game().completeVerification("482913", "156319135"))
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.httpStatus()).isEqualTo(500));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    /** Without a stated httpStatus, the error's code still decides its type. */
    @Test
    void anErrorWithoutAStatedStatusIsTypedByItsCode() {
        server.enqueue(okCarrying("{\"message\":\"Invalid session\",\"code\":-32001}"));

        assertThatThrownBy(() -> rpc(RpcTransformer.NONE).refresh(RpcTokenIdentityTest.jwt("156319135")))
                .isInstanceOf(AuthenticationException.class);
    }

    /*
     * An envelope in a 200 that states no data.httpStatus (an error formatter without data, tRPC's
     * numeric code only) was typed by its code but kept the 200 as its status, which decides retries:
     * a TOO_MANY_REQUESTS ended a wait at once instead of slowing it down, an INTERNAL_SERVER_ERROR was
     * never retried, and both said "HTTP 200". Such an error has the status tRPC gives its code.
     */
    @Test
    void aRateLimitWithoutAStatedStatusSlowsAWaitDownByItsHint() {
        server.enqueue(okCarrying("{\"message\":\"Rate limit hit. Try again in 60s.\",\"code\":-32029}"));
        thenExpired();

        VerificationStatus status = rpc(RpcTransformer.NONE).awaitVerification(SESSION);

        assertThat(status).isEqualTo(VerificationStatus.Expired.instance());
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(time.sleeps()).isNotEmpty();
        assertThat(time.sleeps().get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aRateLimitWithoutAStatedStatusIsA429() {
        server.enqueue(okCarrying("{\"message\":\"Rate limit hit. Try again in 30s.\",\"code\":-32029,\"data\":{\"code\":\"TOO_MANY_REQUESTS\"}}"));

        assertThatThrownBy(() -> rpc(RpcTransformer.NONE).checkVerification(SESSION)).isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
        });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aServerErrorWithoutAStatedStatusIsRetriedAsA500() {
        server.enqueue(okCarrying("{\"message\":\"Roblox lookup failed\",\"code\":-32603}"));
        thenExpired();

        assertThat(rpc(RpcTransformer.NONE).checkVerification(SESSION)).isEqualTo(VerificationStatus.Expired.instance());
        assertThat(server.getRequestCount()).as("retried, as a 500 is").isEqualTo(2);
    }

    @Test
    void aServerErrorWithoutAStatedStatusLeftUnretriedSaysHttp500() {
        server.enqueue(okCarrying("{\"message\":\"Roblox lookup failed\",\"code\":-32603}"));

        assertThatThrownBy(() -> rpc(RpcTransformer.NONE).checkVerification(SESSION, RequestOptions.builder().maxRetries(0).build()))
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.httpStatus()).isEqualTo(500));
    }

    /*
     * tRPC 11's other codes (its TRPC_ERROR_CODES_BY_KEY, the reference mock's TrpcCode): an error in a
     * 200 naming one by its JSON-RPC number alone, or by a name the client had no status for, kept the
     * 200 as its status ("HTTP 200", a plain ApiException) though the same rule gives the other codes
     * theirs: a TIMEOUT was not retried as a 408 is, a CONFLICT was no ConflictException.
     */
    @ParameterizedTest
    @CsvSource({"-32002, 402", "-32008, 408", "-32009, 409", "-32012, 412", "-32013, 413", "-32022, 422",
        "-32028, 428", "-32099, 499"})
    void anErrorNamedByAnyTrpcNumberAloneHasTheStatusTrpcGivesIt(int number, int status) {
        server.enqueue(okCarrying("{\"message\":\"refused\",\"code\":" + number + "}"));

        assertThatThrownBy(() -> game().completeVerification("482913", "156319135"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(status));
    }

    @Test
    void aPreconditionRequiredWithoutAStatedStatusIsA428() {
        server.enqueue(okCarrying("{\"message\":\"refused\",\"code\":-32028,\"data\":{\"code\":\"PRECONDITION_REQUIRED\"}}"));

        assertThatThrownBy(() -> game().completeVerification("482913", "156319135"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(428);
                    assertThat(e.code()).contains("PRECONDITION_REQUIRED");
                });
    }

    @Test
    void aConflictNamedByItsNumberAloneIsAConflict() {
        server.enqueue(okCarrying("{\"message\":\"Code already used\",\"code\":-32009}"));

        assertThatThrownBy(() -> game().completeVerification("482913", "156319135"))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.code()).contains("CONFLICT");
                });
    }

    /** FORBIDDEN named by its number alone: a permission refusal with tRPC's 403, not a 200, and not retried. */
    @Test
    void aForbiddenNamedByItsNumberAloneIsAPermissionRefusal() {
        server.enqueue(okCarrying("{\"message\":\"User is not allowed to verify\",\"code\":-32003}"));

        assertThatThrownBy(() -> game().completeVerification("482913", "156319135"))
                .isInstanceOfSatisfying(PermissionException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.code()).contains("FORBIDDEN");
                    assertThat(e.serviceMessage()).contains("User is not allowed to verify");
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aTimeoutNamedByItsNumberAloneIsRetriedAsA408() {
        server.enqueue(okCarrying("{\"message\":\"Request timed out\",\"code\":-32008}"));
        thenExpired();

        assertThat(rpc(RpcTransformer.NONE).checkVerification(SESSION)).isEqualTo(VerificationStatus.Expired.instance());
        assertThat(server.getRequestCount()).as("retried, as a 408 is").isEqualTo(2);
    }
}
