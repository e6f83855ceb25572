package dev.verifykit.mock;

import static dev.verifykit.mock.Rpc.error;
import static dev.verifykit.mock.Rpc.errorData;
import static dev.verifykit.mock.Rpc.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RobloxCompletionTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
    private MockServer server = MockServer.start(MockSettings.builder().clock(clock).build());
    private Rpc rpc = new Rpc(server);

    @AfterEach
    void stop() {
        server.close();
    }

    private static void assertError(Answer answer, int status, String code, double number, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(error(answer)).containsEntry("message", message).containsEntry("code", number);
        assertThat(errorData(answer)).containsEntry("code", code).containsEntry("httpStatus", (double) status)
                .containsEntry("path", "auth.completeVerification");
    }

    private Answer completeWith(Map<String, String> headers, String code) {
        return rpc.call("auth.completeVerification", "{\"code\":\"" + code + "\",\"robloxUserId\":\"156319135\"}", headers);
    }

    @Test
    void aMissingOrWrongSecretIs401BeforeTheInputIsLookedAt() {
        String code = (String) rpc.begun().get("code");
        assertError(completeWith(Map.of(), code), 401, "UNAUTHORIZED", -32001, "Invalid verification secret");
        assertError(completeWith(Map.of("x-verification-secret", "rbx_test_secreT"), code), 401, "UNAUTHORIZED", -32001,
                "Invalid verification secret");
        assertError(completeWith(Map.of("x-verification-secret", "rbx"), "1"), 401, "UNAUTHORIZED", -32001,
                "Invalid verification secret");
        assertThat(completeWith(Map.of("X-Verification-Secret", Rpc.SECRET), code).status()).isEqualTo(200);
    }

    @Test
    void theSecretIsASetting() {
        server.close();
        server = MockServer.start(MockSettings.builder().roblox(RobloxSettings.builder()
                .verificationSecret("other").build()).build());
        rpc = new Rpc(server);
        String code = (String) rpc.begun().get("code");
        assertThat(rpc.complete(code, Rpc.BUILDER).status()).isEqualTo(401);
        assertThat(completeWith(Map.of("x-verification-secret", "other"), code).status()).isEqualTo(200);
    }

    @Test
    void anUnknownOrUsedCodeIsInvalidOrExpired() {
        assertError(rpc.complete("999999", Rpc.BUILDER), 400, "BAD_REQUEST", -32600,
                "Invalid or expired verification code");
        Map<String, Object> session = rpc.begun();
        String code = (String) session.get("code");
        assertThat(rpc.complete(code, Rpc.BUILDER).status()).isEqualTo(200);
        assertError(rpc.complete(code, Rpc.BUILDER), 400, "BAD_REQUEST", -32600, "Invalid or expired verification code");
        assertThat(ok(rpc.check((String) session.get("sessionId")))).containsEntry("status", "verified");
    }

    /**
     * The real server takes any digits (zod's {@code /^\d+$/}), asks Roblox for the user by the id as
     * given, which Roblox reads as a number, and writes the profile's numeric id back as a string: an id
     * with leading zeros completes as the user without them, and the token names that user.
     */
    @Test
    void anIdWithLeadingZerosIsTheUserWithoutThem() {
        Map<String, Object> session = rpc.begun();
        assertThat(rpc.complete((String) session.get("code"), "000" + Rpc.BUILDER).status()).isEqualTo(200);

        Map<String, Object> verified = ok(rpc.check((String) session.get("sessionId")));
        assertThat(user(verified)).containsEntry("robloxUserId", Rpc.BUILDER)
                .containsEntry("username", "builder");

        server.roblox().registerMissingUser("42");
        String code = (String) rpc.begun().get("code");
        assertError(rpc.complete(code, "0042"), 401, "UNAUTHORIZED", -32001, "Failed to fetch Roblox user profile");
        server.roblox().removeUser("00042");
        Map<String, Object> next = rpc.begun();
        assertThat(rpc.complete((String) next.get("code"), "0042").status()).isEqualTo(200);
        assertThat(user(ok(rpc.check((String) next.get("sessionId")))))
                .containsEntry("robloxUserId", "42").containsEntry("username", "user42");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> user(Map<String, Object> verified) {
        return (Map<String, Object>) verified.get("user");
    }

    @Test
    void anExpiredCodeIsInvalidOrExpiredFromTheFirstTry() {
        Map<String, Object> session = rpc.begun();
        String code = (String) session.get("code");
        clock.advance(Duration.ofMinutes(10));

        assertError(rpc.complete(code, Rpc.BUILDER), 400, "BAD_REQUEST", -32600, "Invalid or expired verification code");
        assertError(rpc.complete(code, Rpc.BUILDER), 400, "BAD_REQUEST", -32600, "Invalid or expired verification code");
        assertThat(server.roblox().session((String) session.get("sessionId"))).isEmpty();
    }

    @Test
    void checkingAnExpiredSessionCleansItUp() {
        Map<String, Object> session = rpc.begun();
        String sessionId = (String) session.get("sessionId");
        clock.advance(Duration.ofMinutes(9).plusSeconds(59));
        assertThat(ok(rpc.check(sessionId))).containsEntry("status", "pending");
        clock.advance(Duration.ofSeconds(1));
        assertThat(server.roblox().session(sessionId)).get().extracting(MockRobloxSession::status).isEqualTo("expired");

        assertThat(ok(rpc.check(sessionId))).containsExactly(Map.entry("status", "expired"));
        assertThat(server.roblox().session(sessionId)).isEmpty();
        assertError(rpc.complete((String) session.get("code"), Rpc.BUILDER), 400, "BAD_REQUEST", -32600,
                "Invalid or expired verification code");
    }

    @Test
    void aVerifiedSessionAnswersUntilItsExpiry() {
        Map<String, Object> session = rpc.begun();
        String sessionId = (String) session.get("sessionId");
        ok(rpc.complete((String) session.get("code"), Rpc.BUILDER));
        String jwt = (String) ok(rpc.check(sessionId)).get("jwt");
        clock.advance(Duration.ofMinutes(5));
        assertThat(ok(rpc.check(sessionId))).containsEntry("status", "verified").containsEntry("jwt", jwt);
        clock.advance(Duration.ofMinutes(5));
        assertThat(ok(rpc.check(sessionId))).containsEntry("status", "expired");
    }

    @Test
    void anyNumericIdIsAUserWithAGeneratedProfile() {
        Map<String, Object> session = rpc.begun();
        assertThat(rpc.complete((String) session.get("code"), "987654321").body())
                .isEqualTo("{\"result\":{\"data\":{\"ok\":true}}}");

        Map<String, Object> verified = ok(rpc.check((String) session.get("sessionId")));
        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) verified.get("user");
        assertThat(user).containsOnlyKeys("robloxUserId", "username", "displayName", "picture")
                .containsEntry("robloxUserId", "987654321").containsEntry("username", "user987654321");
        assertThat((String) user.get("displayName")).isNotBlank();
        assertThat((String) user.get("picture")).startsWith("https://").contains("987654321");
        assertThat(server.roblox().user("987654321")).get().extracting(MockRobloxUser::username).isEqualTo("user987654321");
    }

    @Test
    void aUserRegisteredAsMissingIs401AndTheCodeStaysUsable() {
        String code = (String) rpc.begun().get("code");
        server.roblox().registerMissingUser("424242");
        assertError(rpc.complete(code, "424242"), 401, "UNAUTHORIZED", -32001, "Failed to fetch Roblox user profile");
        assertThat(server.roblox().user("424242")).isEmpty();

        server.roblox().removeUser("424242");
        assertThat(rpc.complete(code, "424242").status()).as("the code is still active").isEqualTo(200);
    }

    @Test
    void aUserWithoutHeadshotIs500() {
        String code = (String) rpc.begun().get("code");
        assertError(rpc.complete(code, "2000000001"), 500, "INTERNAL_SERVER_ERROR", -32603,
                "Roblox user headshot not available");

        MockRobloxUser faceless = server.roblox().registerUserWithoutHeadshot("55");
        assertThat(faceless.hasHeadshot()).isFalse();
        assertThat(faceless.username()).isEqualTo("user55");
        assertError(rpc.complete(code, "55"), 500, "INTERNAL_SERVER_ERROR", -32603, "Roblox user headshot not available");
        assertThat(rpc.complete(code, Rpc.BUILDER).status()).as("the code is still active").isEqualTo(200);
    }

    @Test
    void collisionsFallBackToEightHexCharacters() {
        server.close();
        server = MockServer.start(MockSettings.builder().clock(clock)
                .roblox(RobloxSettings.builder().forceHexCodes(true).build()).build());
        rpc = new Rpc(server);

        Map<String, Object> session = rpc.begun();
        String code = (String) session.get("code");
        assertThat(code).matches("[0-9A-F]{8}");
        for (int i = 0; i < 100 && code.matches("[0-9]+"); i++) { // a code with a letter, whose case can differ
            session = rpc.begun();
            code = (String) session.get("code");
        }
        assertThat(ok(rpc.check((String) session.get("sessionId")))).containsEntry("code", code);
        // before the completion: once completed, the code is unknown whatever its case
        assertThat(rpc.complete(" " + code.toLowerCase(java.util.Locale.ROOT), Rpc.BUILDER).status())
                .as("codes are matched exactly").isEqualTo(400);
        assertThat(rpc.complete(code, Rpc.BUILDER).status()).isEqualTo(200);
    }
}
