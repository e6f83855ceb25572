package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real server forgets a session at its {@code expiresAt} (cleanupExpiredVerificationSessions runs
 * before every lookup): a session the game completed shortly before its end answers
 * {@code verified} only until then, and {@code expired} ever after. An await knows that end from its
 * pending answers, yet keeps its plain interval through it: a completion in the last interval before
 * the end is reported {@code Expired}, although the player was told "verified" by the game. For a
 * wait's own deadline the engine makes one last read before it ("a result that came in the last
 * interval is not missed", {@link WaitOptions#timeout()}); the session's end, where the Roblox wait
 * really ends ("ends at the session's expiresAt", README), gets no such read.
 */
class RpcSessionEndLastCheckTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final String SESSION = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";
    private static final String USER = "{\"robloxUserId\":\"156319135\",\"username\":\"builder\","
            + "\"displayName\":\"Builder\",\"picture\":\"https://tr.rbxcdn.com/x.png\"}";
    /** When the server forgets the session. */
    private static final Instant ENDS = T0.plusMillis(29_900);
    /** When the game completes the code: a second and a half before the end. */
    private static final Instant COMPLETED = ENDS.minusMillis(1500);

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private final List<Instant> checks = new CopyOnWriteArrayList<>();
    private RobloxVerificationClient rpc;

    @AfterEach
    void close() {
        if (rpc != null) {
            rpc.close();
        }
    }

    private static MockResponse ok(String data) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"result\":{\"data\":" + data + "}}").build();
    }

    /** The real server's answers by (virtual) time: pending, verified once the game completed, expired from the end on. */
    private void serveLikeTheRealServer() {
        String token = RpcWireTest.jwt(COMPLETED, COMPLETED.plusSeconds(3600));
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Instant now = time.now();
                checks.add(now);
                if (!now.isBefore(ENDS)) {
                    return ok("{\"status\":\"expired\"}");
                }
                if (!now.isBefore(COMPLETED)) {
                    return ok("{\"status\":\"verified\",\"jwt\":\"" + token + "\",\"user\":" + USER + "}");
                }
                return ok("{\"status\":\"pending\",\"expiresAt\":" + ENDS.toEpochMilli() + ",\"code\":\"482913\"}");
            }
        });
    }

    @ParameterizedTest(name = "interval {0} s")
    @ValueSource(ints = {2, 10})
    void aCompletionInTheLastIntervalBeforeTheSessionsEndIsNotReportedExpired(int intervalSeconds) {
        serveLikeTheRealServer();
        rpc = RobloxVerificationClient.builder().baseUrl(server.url("/").toString()).scheduler(time).build();

        VerificationStatus status = rpc.awaitVerification(SESSION,
                WaitOptions.builder().pollInterval(Duration.ofSeconds(intervalSeconds)).build());

        assertThat(status).as("checks at %s; the session ended at %s, the game completed it at %s", checks, ENDS, COMPLETED)
                .isInstanceOf(VerificationStatus.Verified.class);
    }
}
