package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.time.VirtualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * AuthSession's own rules no test held (found by mutation testing): sessions are equal by token and
 * user, and a token without {@code iat} is judged by the client's {@code serverNow()} alone.
 */
class AuthSessionValueTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final RobloxUser USER = RobloxUser.builder().robloxUserId("156319135").username("builder").build();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private final RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl("http://127.0.0.1:9/roblox")
            .scheduler(time).build();

    @AfterEach
    void close() {
        rpc.close();
    }

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    @Test
    void sessionsAreEqualByTokenAndUser() {
        String token = jwt("{\"robloxUserId\":\"156319135\",\"exp\":" + T0.plusSeconds(3600).getEpochSecond() + "}");
        String other = jwt("{\"robloxUserId\":\"156319135\",\"exp\":" + T0.plusSeconds(3601).getEpochSecond() + "}");
        AuthSession session = new AuthSession(token, USER, rpc);
        AuthSession same = new AuthSession(token, USER.toBuilder().build(), rpc);

        assertThat(session).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(session).isNotEqualTo(new AuthSession(other, USER, rpc));
        assertThat(session).isNotEqualTo(new AuthSession(token, USER.toBuilder().username("another").build(), rpc));
        assertThat(session).isNotEqualTo(token);
    }

    /** Without {@code iat} nothing bounds the server's clock from below: the refresh falls due by {@code serverNow()}. */
    @Test
    void aTokenWithoutIssueTimeFallsDueByTheClientsServerClock() {
        AuthSession session = new AuthSession(jwt("{\"robloxUserId\":\"156319135\",\"exp\":"
                + T0.plusSeconds(3600).getEpochSecond() + "}"), USER, rpc);

        assertThat(session.issuedAt()).isEmpty();
        assertThat(session.needsRefresh()).isFalse();
        time.advance(Duration.ofMinutes(55).minusSeconds(1));
        assertThat(session.needsRefresh()).isFalse();
        time.advance(Duration.ofSeconds(1));
        assertThat(session.needsRefresh()).isTrue();
        assertThat(session.isExpired()).isFalse();
        time.advance(Duration.ofMinutes(5));
        assertThat(session.isExpired()).isTrue();
    }
}
