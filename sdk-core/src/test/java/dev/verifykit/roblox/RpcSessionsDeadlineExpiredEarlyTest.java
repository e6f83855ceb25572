package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A wait without a timeout is bounded by the session's own deadline (lifetime and grace), and when
 * its giveUp comes there it answers Expired if the checks told the session's end by then
 * (Attempt.atSessionsDeadline). But giveUp is also reached long BEFORE that deadline, when the next
 * request's delay (a 503's Retry-After a proxy adds, or the failure backoff) would pass it: the wait
 * then answers Expired at once, while the session is still live on the server, which here verifies
 * it two seconds later. Before 2e70031 the same wait ended with a WaitTimeoutException (outcome
 * unknown); now it claims a definite Expired that is false.
 */
class RpcSessionsDeadlineExpiredEarlyTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final String SESSION = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";
    private static final String USER = "{\"robloxUserId\":\"156319135\",\"username\":\"builder\","
            + "\"displayName\":\"Builder\",\"picture\":\"https://tr.rbxcdn.com/x.png\"}";
    /** When the server forgets the session (lifetime 30 s, begun with the wait). */
    private static final Instant ENDS = T0.plusMillis(29_900);
    /** A proxy answers 503 with Retry-After: 20 from here, once. */
    private static final Instant BUSY = T0.plusSeconds(20);
    /** When the game completes the code, well before the session's end. */
    private static final Instant COMPLETED = T0.plusSeconds(22);

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private final List<String> checks = new CopyOnWriteArrayList<>();
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

    @Test
    void aRetryAfterPastTheSessionsDeadlineIsNotReportedAsTheSessionsExpiry() {
        String token = RpcWireTest.jwt(COMPLETED, COMPLETED.plusSeconds(3600));
        AtomicBoolean busyOnce = new AtomicBoolean();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Instant now = time.now();
                if (!now.isBefore(ENDS)) {
                    checks.add(now + " expired");
                    return ok("{\"status\":\"expired\"}");
                }
                if (!now.isBefore(BUSY) && busyOnce.compareAndSet(false, true)) {
                    checks.add(now + " 503");
                    return new MockResponse.Builder().code(503).setHeader("Retry-After", "20")
                            .setHeader("Content-Type", "text/plain").body("Service Unavailable").build();
                }
                if (!now.isBefore(COMPLETED)) {
                    checks.add(now + " verified");
                    return ok("{\"status\":\"verified\",\"jwt\":\"" + token + "\",\"user\":" + USER + "}");
                }
                checks.add(now + " pending");
                return ok("{\"status\":\"pending\",\"expiresAt\":" + ENDS.toEpochMilli() + ",\"code\":\"482913\"}");
            }
        });
        rpc = RobloxVerificationClient.builder().baseUrl(server.url("/").toString()).scheduler(time)
                .sessionLifetime(Duration.ofSeconds(30)).build();

        Object outcome;
        Instant endedAt;
        try {
            outcome = rpc.awaitVerification(SESSION, WaitOptions.defaults());
        } catch (RuntimeException e) {
            outcome = e;
        }
        endedAt = time.now();

        assertThat(outcome).as("ended at %s with %s; checks %s; the session ends at %s and was verified at %s",
                endedAt, outcome, checks, ENDS, COMPLETED).isNotInstanceOf(VerificationStatus.Expired.class);
    }
}
