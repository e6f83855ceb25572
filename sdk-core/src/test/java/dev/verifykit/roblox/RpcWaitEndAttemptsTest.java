package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitStart;
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
import org.junit.jupiter.api.Test;

/**
 * {@code WaitEnd.attempts()}: "Requests the wait made." An RPC wait whose checks fail from the
 * session's end on (a deploy's 503s) and whose next turn comes past that end answers {@code Expired}
 * without a check: that turn sent nothing and is not one of the wait's requests.
 */
class RpcWaitEndAttemptsTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final String SESSION = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private final List<WaitEnd> ends = new CopyOnWriteArrayList<>();
    private RobloxVerificationClient rpc;

    @AfterEach
    void close() {
        if (rpc != null) {
            rpc.close();
        }
    }

    @Test
    void aTurnAnsweredExpiredWithoutACheckIsNotCountedAsARequest() {
        Instant sessionEnds = T0.plusSeconds(20);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return time.now().isBefore(sessionEnds)
                        ? new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                                .body("{\"result\":{\"data\":{\"status\":\"pending\",\"expiresAt\":" + sessionEnds.toEpochMilli()
                                        + ",\"code\":\"482913\"}}}").build()
                        : new MockResponse.Builder().code(503).setHeader("Content-Type", "text/html")
                                .body("<html><body>503 Service Temporarily Unavailable</body></html>").build();
            }
        });
        rpc = RobloxVerificationClient.builder().baseUrl(server.url("/").toString()).scheduler(time)
                .sessionLifetime(Duration.ofMinutes(10)).listener(new VerifyKitListener() {
                    @Override
                    public void onWaitEnd(WaitStart wait, WaitEnd end) {
                        ends.add(end);
                    }
                }).build();

        VerificationStatus status = rpc.awaitVerification(SESSION, WaitOptions.builder().timeout(Duration.ofMinutes(5))
                .maxConsecutiveFailures(100).build());

        assertThat(status).isEqualTo(VerificationStatus.Expired.instance());
        assertThat(ends).singleElement().satisfies(end ->
                assertThat(end.attempts()).as("requests the wait made").isEqualTo(server.getRequestCount()));
    }

    /**
     * {@code WaitEnd.pollsUsed()}: the session's checks this client made, a {@code checkVerification}
     * before the wait included; {@code attempts()} the wait's own.
     */
    @Test
    void pollsUsedCountsTheSessionsChecksBeforeTheWaitAttemptsTheWaitsOwn() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"result\":{\"data\":{\"status\":\"expired\"}}}").build();
            }
        });
        rpc = RobloxVerificationClient.builder().baseUrl(server.url("/").toString()).scheduler(time)
                .listener(new VerifyKitListener() {
                    @Override
                    public void onWaitEnd(WaitStart wait, WaitEnd end) {
                        ends.add(end);
                    }
                }).build();

        rpc.checkVerification(SESSION);
        rpc.awaitVerification(SESSION);

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(ends).singleElement().satisfies(end -> {
            assertThat(end.attempts()).as("the wait's own check").isEqualTo(1);
            assertThat(end.pollsUsed()).as("the session's checks by this client").isEqualTo(2);
            assertThat(end.pollCap()).isEmpty();
        });
    }
}
