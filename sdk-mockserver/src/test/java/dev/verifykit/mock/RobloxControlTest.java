package dev.verifykit.mock;

import static dev.verifykit.mock.Rpc.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.mock.Http.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RobloxControlTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
    private final MockServer server = MockServer.start(MockSettings.builder().clock(clock).build());
    private final Rpc rpc = new Rpc(server);
    private final Http http = new Http(server);
    private final RobloxControl roblox = server.roblox();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theDirectoryIsSeededAndWritableFromJava() {
        assertThat(roblox.users()).extracting(MockRobloxUser::robloxUserId).containsExactly("156319135", "261", "2000000001");
        assertThat(roblox.user("156319135")).get().satisfies(u -> {
            assertThat(u.username()).isEqualTo("builder");
            assertThat(u.displayName()).isEqualTo("Builder");
            assertThat(u.picture()).startsWith("https://");
        });
        assertThat(roblox.user("2000000001")).get().extracting(MockRobloxUser::hasHeadshot).isEqualTo(false);

        MockRobloxUser added = roblox.registerUser(new MockRobloxUser("77", "seven", "Seven", null));
        assertThat(roblox.users()).endsWith(added);
        assertThat(roblox.removeUser("77")).contains(added);
        assertThat(roblox.removeUser("77")).isEmpty();
        assertThatThrownBy(() -> new MockRobloxUser("x1", "a", "b", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anyNumericIdResolvesUnlessRegisteredAsMissingOrWithoutHeadshot() {
        assertThat(roblox.user("31337")).get().satisfies(u -> {
            assertThat(u.username()).isEqualTo("user31337");
            assertThat(u.displayName()).isNotBlank();
            assertThat(u.hasHeadshot()).isTrue();
        });
        assertThat(roblox.user("123456789012345678901")).as("longer than a Roblox id").isEmpty();
        assertThat(roblox.user("12a")).isEmpty();
        assertThat(roblox.users()).as("generated profiles are not registered").hasSize(3);

        roblox.registerMissingUser("31337");
        assertThat(roblox.user("31337")).isEmpty();
        assertThat(roblox.missingUsers()).containsExactly("31337");
        assertThat(roblox.removeUser("31337")).as("a missing mark is no user").isEmpty();
        assertThat(roblox.user("31337")).isPresent();
        assertThat(roblox.missingUsers()).isEmpty();

        MockRobloxUser faceless = roblox.registerUserWithoutHeadshot("261");
        assertThat(faceless).isEqualTo(new MockRobloxUser("261", "mock_player", "Mock Player", null));
        assertThat(roblox.user("261")).contains(faceless);
        roblox.registerMissingUser("261");
        assertThat(roblox.users()).extracting(MockRobloxUser::robloxUserId).containsExactly("156319135", "2000000001");
        assertThatThrownBy(() -> roblox.registerMissingUser("x1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> roblox.registerUserWithoutHeadshot("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void completeExpireAndInspectFromJava() {
        Map<String, Object> begun = rpc.begun();
        String sessionId = (String) begun.get("sessionId");
        String code = (String) begun.get("code");
        assertThat(roblox.session(sessionId)).contains(new MockRobloxSession(sessionId, code, "pending",
                clock.instant().plus(Duration.ofMinutes(10)), null, null));

        roblox.registerMissingUser("999");
        assertThatThrownBy(() -> roblox.complete(code, "999")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("Failed to fetch Roblox user profile");
        assertThatThrownBy(() -> roblox.complete(code, "2000000001")).isInstanceOf(IllegalStateException.class)
                .hasMessage("Roblox user headshot not available");
        assertThatThrownBy(() -> roblox.complete("12", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> roblox.complete(code, "26l")).as("an id that is not digits, as the RPC's validator says")
                .isInstanceOf(IllegalArgumentException.class);
        MockRobloxSession done = roblox.complete(" " + code + " ", "261");
        assertThat(done.isVerified()).isTrue();
        assertThat(done.robloxUserId()).isEqualTo("261");
        assertThat(ok(rpc.check(sessionId))).containsEntry("jwt", done.jwt());
        assertThatThrownBy(() -> roblox.complete(code, "261")).isInstanceOf(NoSuchElementException.class)
                .hasMessage("Invalid or expired verification code");

        MockRobloxSession expired = roblox.expire(sessionId);
        assertThat(expired.status()).isEqualTo("expired");
        assertThat(expired.expiresAt()).isEqualTo(clock.instant());
        assertThatThrownBy(() -> roblox.expire(sessionId)).isInstanceOf(IllegalStateException.class);
        assertThat(ok(rpc.check(sessionId))).containsEntry("status", "expired");
        assertThatThrownBy(() -> roblox.expire(sessionId)).isInstanceOf(NoSuchElementException.class);

        Map<String, Object> other = rpc.begun();
        roblox.expire((String) other.get("sessionId"));
        assertThatThrownBy(() -> roblox.complete((String) other.get("code"), "261"))
                .isInstanceOf(IllegalStateException.class).hasMessage("Verification code expired");
        Map<String, Object> third = rpc.begun();
        roblox.expire((String) third.get("sessionId"));
        assertThat(Rpc.error(rpc.complete((String) third.get("code"), "261")))
                .as("the RPC does not tell an expired code from an unknown one")
                .containsEntry("message", "Invalid or expired verification code");
        assertThat(roblox.sessionCount()).isEqualTo(3);
    }

    @Test
    void theSameOverHttp() {
        Answer users = http.get(null, "/_mock/roblox/users");
        assertThat(users.status()).isEqualTo(200);
        assertThat((List<?>) users.json().get("users")).hasSize(3);

        Answer added = http.send("POST", "/_mock/roblox/users", null,
                "{\"robloxUserId\":\"77\",\"username\":\"seven\",\"displayName\":\"Seven\",\"picture\":\"https://example.test/7.png\"}");
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.json()).containsEntry("robloxUserId", "77").containsEntry("picture", "https://example.test/7.png");
        assertThat(http.get(null, "/_mock/roblox/users/77").json()).containsEntry("username", "seven");
        assertThat(http.send("POST", "/_mock/roblox/users", null, "{\"robloxUserId\":\"x\",\"username\":\"a\","
                + "\"displayName\":\"b\"}").json()).containsEntry("error", "INVALID_PARAMETER");
        assertThat(http.send("POST", "/_mock/roblox/users", null, "[]").json()).containsEntry("error", "INVALID_BODY");

        Map<String, Object> begun = rpc.begun();
        String sessionId = (String) begun.get("sessionId");
        String code = (String) begun.get("code");
        Answer session = http.get(null, "/_mock/roblox/sessions/" + sessionId);
        assertThat(session.json()).containsEntry("sessionId", sessionId).containsEntry("code", code)
                .containsEntry("status", "pending").containsEntry("expiresAt", begun.get("expiresAt"))
                .containsEntry("robloxUserId", null).containsEntry("jwt", null);

        Answer missing = http.send("POST", "/_mock/roblox/users/999/missing", null, "");
        assertThat(missing.status()).isEqualTo(200);
        assertThat(missing.json()).isEqualTo(Map.of("robloxUserId", "999", "missing", true));
        assertThat(http.get(null, "/_mock/roblox/users").json().get("missing")).isEqualTo(List.of("999"));
        assertThat(http.get(null, "/_mock/roblox/users/999").json()).containsEntry("error", "USER_NOT_FOUND");
        assertThat(http.get(null, "/_mock/roblox/users/31337").json()).containsEntry("username", "user31337");
        Answer faceless = http.send("POST", "/_mock/roblox/users/31337/no-headshot", null, "");
        assertThat(faceless.status()).isEqualTo(200);
        assertThat(faceless.json()).containsEntry("robloxUserId", "31337").containsEntry("picture", null);
        assertThat(http.send("POST", "/_mock/roblox/users/x1/missing", null, "").json())
                .containsEntry("error", "INVALID_PARAMETER");
        assertThat(http.get(null, "/_mock/roblox/users/999/missing").status()).isEqualTo(405);

        Answer unknownUser = http.send("POST", "/_mock/roblox/complete", null,
                "{\"code\":\"" + code + "\",\"robloxUserId\":\"999\"}");
        assertThat(unknownUser.status()).isEqualTo(404);
        assertThat(unknownUser.json()).containsEntry("error", "USER_NOT_FOUND");
        Answer noHeadshot = http.send("POST", "/_mock/roblox/complete", null,
                "{\"code\":\"" + code + "\",\"robloxUserId\":\"2000000001\"}");
        assertThat(noHeadshot.status()).isEqualTo(409);
        assertThat(noHeadshot.json()).containsEntry("error", "HEADSHOT_NOT_AVAILABLE");
        Answer done = http.send("POST", "/_mock/roblox/complete", null,
                "{\"code\":\"" + code + "\",\"robloxUserId\":\"77\"}");
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json()).containsEntry("status", "verified").containsEntry("robloxUserId", "77");
        assertThat((String) done.json().get("jwt")).contains(".");
        Answer again = http.send("POST", "/_mock/roblox/complete", null,
                "{\"code\":\"" + code + "\",\"robloxUserId\":\"77\"}");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json()).containsEntry("error", "CODE_NOT_FOUND");
        assertThat(http.send("POST", "/_mock/roblox/complete", null, "{\"code\":\"1\",\"robloxUserId\":\"77\"}")
                .json()).containsEntry("error", "INVALID_PARAMETER");

        Answer expired = http.send("POST", "/_mock/roblox/sessions/" + sessionId + "/expire", null, "");
        assertThat(expired.json()).containsEntry("status", "expired");
        assertThat(http.send("POST", "/_mock/roblox/sessions/" + sessionId + "/expire", null, "").status()).isEqualTo(409);
        assertThat(http.send("POST", "/_mock/roblox/sessions/nope/expire", null, "").status()).isEqualTo(404);
        assertThat(http.get(null, "/_mock/roblox/sessions/nope").json()).containsEntry("error", "SESSION_NOT_FOUND");

        String late = (String) rpc.begun().get("sessionId");
        String lateCode = roblox.session(late).orElseThrow().code();
        http.send("POST", "/_mock/roblox/sessions/" + late + "/expire", null, "");
        Answer expiredCode = http.send("POST", "/_mock/roblox/complete", null,
                "{\"code\":\"" + lateCode + "\",\"robloxUserId\":\"77\"}");
        assertThat(expiredCode.status()).isEqualTo(409);
        assertThat(expiredCode.json()).containsEntry("error", "CODE_EXPIRED");

        Answer unmarked = http.send("DELETE", "/_mock/roblox/users/999", null, null);
        assertThat(unmarked.json()).isEqualTo(Map.of("robloxUserId", "999", "missing", true));
        assertThat(http.get(null, "/_mock/roblox/users/999").status()).isEqualTo(200);
        Answer removed = http.send("DELETE", "/_mock/roblox/users/77", null, null);
        assertThat(removed.json()).containsEntry("robloxUserId", "77");
        assertThat(http.send("DELETE", "/_mock/roblox/users/77", null, null).status()).isEqualTo(404);
        Answer wrongMethod = http.send("PUT", "/_mock/roblox/users", null, "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET, POST");
        assertThat(http.get(null, "/_mock/roblox/nothing").status()).isEqualTo(404);
        assertThat(http.get(null, "/_mock/health").status()).as("the rest of the control plane").isEqualTo(200);
    }

    @Test
    void resetForgetsRobloxStateAndReseedsTheDirectory() {
        String jwt = rpc.verifiedJwt(Rpc.BUILDER);
        Map<String, Object> begun = rpc.begun();
        roblox.registerUser(new MockRobloxUser("77", "seven", "Seven", null));
        roblox.removeUser("261");
        roblox.registerMissingUser("262");
        for (int i = 0; i < 4; i++) {
            rpc.refresh(jwt);
        }
        assertThat(rpc.refresh(jwt).status()).isEqualTo(429);

        assertThat(http.send("POST", "/_mock/reset", null, "").status()).isEqualTo(200);

        assertThat(roblox.users()).extracting(MockRobloxUser::robloxUserId).containsExactly("156319135", "261", "2000000001");
        assertThat(roblox.missingUsers()).isEmpty();
        assertThat(roblox.session((String) begun.get("sessionId"))).isEmpty();
        assertThat(roblox.sessionCount()).isZero();
        assertThat(rpc.complete((String) begun.get("code"), Rpc.BUILDER).status()).isEqualTo(400);
        assertThat(rpc.refresh(jwt).status()).as("rate-limit windows are forgotten").isEqualTo(200);
    }

    /**
     * README: ids are read as numbers ({@code 0261} is user {@code 261}), and {@code DELETE
     * /_mock/roblox/users/{id}} answers 200 {@code {"robloxUserId":id,"missing":true}} when it forgets a
     * missing mark, 404 {@code USER_NOT_FOUND} only when nothing was registered: written with leading
     * zeros, the DELETE forgot the mark and answered that nothing was registered.
     */
    @Test
    void forgettingAMissingMarkByItsZeroPaddedIdSaysSo() {
        roblox.registerMissingUser("261");

        Answer removed = http.send("DELETE", "/_mock/roblox/users/0261", null, null);

        assertThat(roblox.missingUsers()).as("the mark was forgotten").isEmpty();
        assertThat(removed.status()).as("what the DELETE answered: %s", removed.body()).isEqualTo(200);
        assertThat(removed.json()).containsEntry("missing", true);
    }

    /**
     * The directory reads an id as a number ({@code RobloxControl}'s class Javadoc; README: {@code 0261}
     * is user {@code 261}): {@code user("000000000000000000001")}, 21 characters, is user {@code 1}, and a
     * completion for that id completes for user {@code 1}. {@code registerMissingUser} and
     * {@code registerUserWithoutHeadshot} checked the 1-to-20-digit rule before dropping the leading zeros,
     * so the same id the directory knows was refused there ("must be 1 to 20 digits").
     */
    @Test
    void anIdTheDirectoryKnowsCanBeRegisteredMissingOrWithoutAHeadshotAsWritten() {
        assertThat(roblox.user("000000000000000000001")).as("the directory knows it: user 1").get()
                .extracting(MockRobloxUser::robloxUserId).isEqualTo("1");

        MockRobloxUser faceless = roblox.registerUserWithoutHeadshot("000000000000000000001");
        assertThat(faceless.robloxUserId()).isEqualTo("1");
        assertThat(faceless.hasHeadshot()).isFalse();

        roblox.registerMissingUser("000000000000000000001");
        assertThat(roblox.missingUsers()).containsExactly("1");
        assertThat(roblox.user("1")).isEmpty();
    }

    /**
     * The same id given to {@code registerUser}: {@code MockRobloxUser} checked the 1-to-20-digit rule on
     * the id as written, so user {@code 1} written as the directory reads it everywhere else
     * ({@code user(id)}, a completion, {@code registerMissingUser}) could not be registered with a profile
     * ("robloxUserId must be 1 to 20 digits").
     */
    @Test
    void anIdTheDirectoryKnowsCanBeRegisteredWithAProfileAsWritten() {
        MockRobloxUser one = roblox.registerUser(new MockRobloxUser("000000000000000000001", "one", "One", null));

        assertThat(one.robloxUserId()).isEqualTo("1");
        assertThat(roblox.user("1")).get().extracting(MockRobloxUser::username).isEqualTo("one");
        assertThatThrownBy(() -> new MockRobloxUser("0123456789012345678901", "x", "X", null))
                .as("more than 20 digits once the zeros are dropped").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIdOfMoreThanTwentyDigitsWithoutItsZerosIsStillRefused() {
        assertThatThrownBy(() -> roblox.registerMissingUser("0123456789012345678901"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> roblox.registerMissingUser("0x1")).isInstanceOf(IllegalArgumentException.class);
    }
}
