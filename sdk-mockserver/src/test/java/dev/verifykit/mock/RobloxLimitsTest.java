package dev.verifykit.mock;

import static dev.verifykit.mock.Rpc.error;
import static dev.verifykit.mock.Rpc.errorData;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RobloxLimitsTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
    private final MockServer server = MockServer.start(MockSettings.builder().clock(clock).build());
    private final Rpc rpc = new Rpc(server);

    @AfterEach
    void stop() {
        server.close();
    }

    private static void assertRateLimited(Answer answer, long seconds) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(429);
        assertThat(error(answer)).containsEntry("message", "Rate limit hit. Try again in " + seconds + "s.")
                .containsEntry("code", -32029.0);
        assertThat(errorData(answer)).containsEntry("code", "TOO_MANY_REQUESTS").containsEntry("httpStatus", 429.0);
    }

    @Test
    void sixtyChecksPerSessionInASlidingMinute() {
        String sessionId = (String) rpc.begun().get("sessionId");
        String other = (String) rpc.begun().get("sessionId");
        for (int i = 0; i < 30; i++) {
            assertThat(rpc.check(sessionId).status()).isEqualTo(200);
        }
        clock.advance(Duration.ofSeconds(20));
        for (int i = 0; i < 30; i++) {
            assertThat(rpc.check(sessionId).status()).isEqualTo(200);
        }
        assertRateLimited(rpc.check(sessionId), 40);
        assertThat(rpc.check(other).status()).as("another session has its own window").isEqualTo(200);

        clock.advance(Duration.ofMillis(39_500));
        assertRateLimited(rpc.check(sessionId), 1);
        clock.advance(Duration.ofMillis(500));
        for (int i = 0; i < 30; i++) {
            assertThat(rpc.check(sessionId).status()).as("the first 30 left the window").isEqualTo(200);
        }
        assertRateLimited(rpc.check(sessionId), 20);
    }

    @Test
    void theCheckLimitCountsUnknownSessionsToo() {
        try (MockServer small = MockServer.start(MockSettings.builder().clock(clock)
                .roblox(RobloxSettings.builder().checkLimit(3).build()).build())) {
            Rpc shrunk = new Rpc(small);
            String unknown = "5a2f2a4e-3c1b-4d7e-9f00-123456789abc";
            for (int i = 0; i < 3; i++) {
                assertThat(Rpc.ok(shrunk.check(unknown))).containsEntry("status", "expired");
            }
            assertRateLimited(shrunk.check(unknown), 60);
        }
    }

    @Test
    void twentyCompletionsPerRobloxUserPerMinute() {
        for (int i = 0; i < 20; i++) {
            assertThat(rpc.complete("000000", "261").status()).isEqualTo(400);
        }
        String code = (String) rpc.begun().get("code");
        assertRateLimited(rpc.complete(code, "261"), 60);
        assertThat(rpc.complete(code, Rpc.BUILDER).status()).as("another user").isEqualTo(200);

        clock.advance(Duration.ofSeconds(60));
        String next = (String) rpc.begun().get("code");
        assertThat(rpc.complete(next, "261").status()).isEqualTo(200);
    }

    @Test
    void fourRefreshesPerUserPerSlidingHour() {
        String jwt = rpc.verifiedJwt(Rpc.BUILDER);
        for (int i = 0; i < 4; i++) {
            Answer refreshed = rpc.refresh(jwt);
            assertThat(refreshed.status()).isEqualTo(200);
            jwt = (String) Rpc.<Map<String, Object>>data(refreshed).get("jwt");
            clock.advance(Duration.ofMinutes(10));
        }
        assertRateLimited(rpc.refresh(jwt), 20 * 60);
        assertThat(rpc.refresh(rpc.verifiedJwt("261")).status()).as("another user").isEqualTo(200);

        clock.advance(Duration.ofMinutes(20));
        assertThat(rpc.refresh(jwt).status()).isEqualTo(200);
        assertRateLimited(rpc.refresh(jwt), 10 * 60);
    }

    @Test
    void shrunkLimitsAreHonoured() {
        try (MockServer small = MockServer.start(MockSettings.builder().clock(clock).roblox(RobloxSettings.builder()
                .checkLimit(2).checkWindow(Duration.ofSeconds(5)).build()).build())) {
            Rpc shrunk = new Rpc(small);
            String sessionId = (String) shrunk.begun().get("sessionId");
            shrunk.check(sessionId);
            shrunk.check(sessionId);
            assertRateLimited(shrunk.check(sessionId), 5);
        }
    }

    /**
     * The real server reads its clock with {@code Date.now()}, whole milliseconds: windows, hints and
     * expiry are counted in those, and a session is expired from the millisecond its {@code expiresAt} names.
     */
    @Test
    void timeIsReadInWholeMillisecondsAsTheRealServerReadsIt() {
        Instant start = Instant.parse("2026-05-07T00:00:00Z");
        clock.set(start.plusNanos(900_000)); // 0.9 ms into a millisecond: Date.now() says 0 ms
        Map<String, Object> session = rpc.begun();
        String sessionId = (String) session.get("sessionId");
        assertThat(session.get("expiresAt")).isEqualTo((double) start.plusSeconds(600).toEpochMilli());
        for (int i = 0; i < 59; i++) {
            assertThat(rpc.check(sessionId).status()).isEqualTo(200);
        }

        clock.set(start.plusMillis(59_000).plusNanos(100_000)); // Date.now() says 59,000 ms: 1,000 ms to wait
        assertThat(rpc.check(sessionId).status()).isEqualTo(200);
        assertRateLimited(rpc.check(sessionId), 1);

        clock.set(start.plusMillis(600_000).plusNanos(500_000));
        assertThat(Rpc.ok(rpc.check(sessionId))).as("the advertised expiresAt has come")
                .containsEntry("status", "expired");
    }
}
