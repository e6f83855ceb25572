package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.time.VirtualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proved identity: a verified status or a refresh is believed only when its token is a JWT in
 * form (a JSON header naming its alg, a JSON payload, a base64url signature) whose
 * {@code robloxUserId} claim is the user beside it, and a refresh only when that is the user of
 * the token refreshed.
 */
class RpcTokenIdentityTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final String SESSION = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";
    private static final String HEADER = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    /** A malformed check is retried (each read's retry) before it is thrown. */
    private static final int CHECK_ATTEMPTS = 4;

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private RobloxVerificationClient rpc;

    @AfterEach
    void close() {
        if (rpc != null) {
            rpc.close();
        }
    }

    private RobloxVerificationClient rpc() {
        rpc = RobloxVerificationClient.builder().baseUrl(server.url("/roblox").toString()).scheduler(time).build();
        return rpc;
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String payload(String userIdJson) {
        return b64("{\"robloxUserId\":" + userIdJson + ",\"iat\":" + T0.getEpochSecond() + ",\"exp\":"
                + T0.plusSeconds(3600).getEpochSecond() + "}");
    }

    static String jwt(String userId) {
        return HEADER + "." + payload("\"" + userId + "\"") + ".c2ln";
    }

    private static String user(String id) {
        return "{\"robloxUserId\":\"" + id + "\",\"username\":\"u" + id + "\",\"displayName\":\"U\","
                + "\"picture\":\"https://tr.rbxcdn.com/x.png\"}";
    }

    private static MockResponse ok(String data) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"result\":{\"data\":" + data + "}}").build();
    }

    private void verifiedWith(String token, String userId) {
        for (int i = 0; i < CHECK_ATTEMPTS; i++) {
            server.enqueue(ok("{\"status\":\"verified\",\"jwt\":\"" + token + "\",\"user\":" + user(userId) + "}"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "%%not*base64%%.PAYLOAD.c2ln", // header not base64url
        "bm90IGpzb24.PAYLOAD.c2ln", // header "not json"
        "WzFd.PAYLOAD.c2ln", // header [1]: JSON, not an object
        "e30.PAYLOAD.c2ln", // header {}: names no alg
        "HEADER.PAYLOAD.", // no signature
        "HEADER.PAYLOAD.c2ln*", // a signature not base64url
    })
    void aVerifiedTokenThatIsNotAJwtInFormIsMalformed(String shape) {
        verifiedWith(shape.replace("HEADER", HEADER).replace("PAYLOAD", payload("\"156319135\"")), "156319135");

        assertThatThrownBy(() -> rpc().checkVerification(SESSION)).isInstanceOfSatisfying(MalformedResponseException.class,
                e -> assertThat(e.getMessage()).contains("auth.checkVerification returned a token that"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1\"", "1", "1.5631913E8", "null", "true"})
    void aVerifiedUserThatIsNotTheTokensUserIsMalformed(String claim) {
        verifiedWith(HEADER + "." + payload(claim) + ".c2ln", "156319135");

        assertThatThrownBy(() -> rpc().checkVerification(SESSION)).isInstanceOfSatisfying(MalformedResponseException.class,
                e -> assertThat(e.getMessage()).contains("a user other than the one its token names"));
    }

    /** The claim is a string as the server signs it; the same id as a JSON number is the same user too. */
    @ParameterizedTest
    @ValueSource(strings = {"\"156319135\"", "156319135"})
    void aVerifiedUserThatIsTheTokensUserIsBelieved(String claim) {
        verifiedWith(HEADER + "." + payload(claim) + ".c2ln", "156319135");

        VerificationStatus status = rpc().checkVerification(SESSION);

        assertThat(status).isInstanceOfSatisfying(VerificationStatus.Verified.class,
                v -> assertThat(rpc.authSession(v).user().robloxUserId()).isEqualTo("156319135"));
    }

    /** A refresh of user 156319135's token answered with another user's (self-consistent) session is not that user's refresh. */
    @Test
    void aRefreshAnsweredWithAnotherUsersSessionIsMalformed() {
        server.enqueue(ok("{\"jwt\":\"" + jwt("1") + "\",\"user\":" + user("1") + "}"));

        assertThatThrownBy(() -> rpc().refresh(jwt("156319135"))).isInstanceOfSatisfying(MalformedResponseException.class,
                e -> assertThat(e.getMessage()).contains("the session of a user other than the one of the token refreshed"));
    }

    @Test
    void aRefreshAnsweredWithATokenOfAnotherUserIsMalformed() {
        server.enqueue(ok("{\"jwt\":\"" + jwt("1") + "\",\"user\":" + user("156319135") + "}"));

        assertThatThrownBy(() -> rpc().refresh(jwt("156319135"))).isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void aRefreshOfTheSameUserIsBelieved() {
        server.enqueue(ok("{\"jwt\":\"" + jwt("156319135") + "\",\"user\":" + user("156319135") + "}"));

        assertThat(rpc().refresh(jwt("156319135")).user().robloxUserId()).isEqualTo("156319135");
    }
}
