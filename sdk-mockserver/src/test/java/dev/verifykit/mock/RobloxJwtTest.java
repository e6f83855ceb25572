package dev.verifykit.mock;

import static dev.verifykit.mock.Rpc.error;
import static dev.verifykit.mock.Rpc.errorData;
import static dev.verifykit.mock.Rpc.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.verifykit.mock.Http.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RobloxJwtTest {

    private static final String SECRET = "jwt-test-secret";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
    private final MockServer server = MockServer.start(MockSettings.builder().clock(clock)
            .roblox(RobloxSettings.builder().jwtSecret(SECRET).jwtLifetime(Duration.ofMinutes(30)).build()).build());
    private final Rpc rpc = new Rpc(server);

    @AfterEach
    void stop() {
        server.close();
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hmac(String key, String input) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> decode(String part) throws Exception {
        return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class)
                .fromJson(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    }

    private static void assertInvalidSession(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        assertThat(error(answer)).containsEntry("message", "Invalid session").containsEntry("code", -32001.0);
        assertThat(errorData(answer)).containsEntry("code", "UNAUTHORIZED").containsEntry("path", "auth.refresh");
    }

    @Test
    void theJwtIsHs256OverTheUserWithIatAndExp() throws Exception {
        String jwt = rpc.verifiedJwt(Rpc.BUILDER);
        String[] parts = jwt.split("\\.");

        assertThat(parts).hasSize(3);
        assertThat(jwt).doesNotContain("=");
        assertThat(decode(parts[0])).isEqualTo(Map.of("alg", "HS256", "typ", "JWT"));
        assertThat(parts[2]).isEqualTo(hmac(SECRET, parts[0] + "." + parts[1]));
        Map<String, Object> payload = decode(parts[1]);
        assertThat(payload.keySet()).containsExactly("robloxUserId", "username", "displayName", "picture", "iat", "exp");
        assertThat(payload).containsEntry("robloxUserId", "156319135").containsEntry("username", "builder")
                .containsEntry("displayName", "Builder")
                .containsEntry("iat", (double) clock.instant().getEpochSecond())
                .containsEntry("exp", (double) clock.instant().getEpochSecond() + 30 * 60);
    }

    /**
     * The journal keeps what a request carried but no credential (as it redacts Authorization): a
     * refreshed token keeps its header and claims, readable, without its signature.
     */
    @Test
    void theJournalKeepsARefreshedTokensClaimsButNotItsSignature() {
        String jwt = rpc.verifiedJwt(Rpc.BUILDER);
        String signature = jwt.substring(jwt.lastIndexOf('.') + 1);
        rpc.refresh(jwt);

        MockJournalEntry refresh = server.journal().find(MockJournalQuery.all().path("/roblox/auth.refresh")).get(0);
        assertThat(refresh.body()).doesNotContain(signature)
                .isEqualTo("{\"jwt\":\"" + jwt.substring(0, jwt.lastIndexOf('.') + 1) + "[redacted]\"}");
    }

    @Test
    void anExpiredButValidlySignedTokenIsRefreshed() throws Exception {
        String jwt = rpc.verifiedJwt(Rpc.BUILDER);
        clock.advance(Duration.ofHours(5));

        Map<String, Object> refreshed = ok(rpc.refresh(jwt));

        String[] parts = ((String) refreshed.get("jwt")).split("\\.");
        assertThat(parts[2]).isEqualTo(hmac(SECRET, parts[0] + "." + parts[1]));
        assertThat(decode(parts[1])).containsEntry("iat", (double) clock.instant().getEpochSecond())
                .containsEntry("exp", (double) clock.instant().getEpochSecond() + 30 * 60);
        assertThat(refreshed.get("user")).isEqualTo(decode(jwt.split("\\.")[1]).entrySet().stream()
                .filter(e -> !e.getKey().equals("iat") && !e.getKey().equals("exp"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Test
    void badTokensAreAnInvalidSession() throws Exception {
        String jwt = rpc.verifiedJwt(Rpc.BUILDER);
        String[] parts = jwt.split("\\.");
        Map<String, Object> payload = decode(parts[1]);
        String tamperedPayload = b64(new Moshi.Builder().build().adapter(Object.class)
                .toJson(Map.of("robloxUserId", "1", "username", "x", "displayName", "x", "picture", "p",
                        "iat", payload.get("iat"), "exp", payload.get("exp"))).getBytes(StandardCharsets.UTF_8));
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String hs512 = b64("{\"alg\":\"HS512\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

        for (String bad : List.of(
                parts[0] + "." + tamperedPayload + "." + parts[2],             // tampered payload
                parts[0] + "." + parts[1] + "." + hmac("other", parts[0] + "." + parts[1]), // other key
                none + "." + parts[1] + ".",                                   // alg none
                hs512 + "." + parts[1] + "." + hmac(SECRET, hs512 + "." + parts[1]),        // another alg
                parts[0] + "." + parts[1],                                     // two parts
                "garbage", "", "a.b.c")) {
            assertInvalidSession(rpc.refresh(bad));
        }
        assertThat(rpc.refresh(jwt).status()).isEqualTo(200);
    }

    private static String signed(String payloadJson) throws Exception {
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64(payloadJson.getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + hmac(SECRET, header + "." + payload);
    }

    @Test
    void aRefreshReadsTheUserAgainAndSignsTheFreshProfile() throws Exception {
        String jwt = rpc.verifiedJwt(Rpc.BUILDER);
        server.roblox().registerUser(new MockRobloxUser(Rpc.BUILDER, "builder", "Renamed Builder", "https://example.test/new.png"));

        Map<String, Object> refreshed = ok(rpc.refresh(jwt));

        Map<String, Object> fresh = Map.of("robloxUserId", Rpc.BUILDER, "username", "builder",
                "displayName", "Renamed Builder", "picture", "https://example.test/new.png");
        assertThat(refreshed.get("user")).isEqualTo(fresh);
        assertThat(decode(((String) refreshed.get("jwt")).split("\\.")[1])).containsAllEntriesOf(fresh);
    }

    @Test
    void aValidlySignedTokenNeedsOnlyItsRobloxUserId() throws Exception {
        String bare = signed("{\"robloxUserId\":\"261\",\"iat\":1,\"exp\":2}");

        Map<String, Object> refreshed = ok(rpc.refresh(bare));

        assertThat(refreshed.get("user")).isEqualTo(Map.of("robloxUserId", "261", "username", "mock_player",
                "displayName", "Mock Player", "picture", server.roblox().user("261").orElseThrow().picture()));
    }

    @Test
    void aValidlySignedTokenWithoutAUsableRobloxUserIdIsAnInvalidSessionPayload() throws Exception {
        for (String payload : List.of("{\"username\":\"builder\"}", "{\"robloxUserId\":261}", "{\"robloxUserId\":\"26a\"}")) {
            Answer answer = rpc.refresh(signed(payload));
            assertThat(answer.status()).as(payload).isEqualTo(401);
            assertThat(error(answer)).as(payload).containsEntry("message", "Invalid session payload")
                    .containsEntry("code", -32001.0);
        }
    }

    @Test
    void aUserNowMissingOrWithoutHeadshotFailsTheRefreshAsACompletionWould() throws Exception {
        String jwt = rpc.verifiedJwt(Rpc.BUILDER);

        server.roblox().registerMissingUser(Rpc.BUILDER);
        Answer missing = rpc.refresh(jwt);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(error(missing)).containsEntry("message", "Failed to fetch Roblox user profile");
        assertThat(errorData(missing)).containsEntry("code", "UNAUTHORIZED").containsEntry("path", "auth.refresh");

        server.roblox().registerUserWithoutHeadshot(Rpc.BUILDER);
        Answer faceless = rpc.refresh(jwt);
        assertThat(faceless.status()).isEqualTo(500);
        assertThat(error(faceless)).containsEntry("message", "Roblox user headshot not available");
    }
}
