package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code awaitVerification(sessionId)} with no options: its Javadoc promises {@code Verified} or
 * {@code Expired}, and a {@code WaitTimeoutException} only "when the options' timeout or deadline
 * passes first". The wait's own (natural) deadline is the client's session lifetime plus the 5-s grace
 * counted from the await's start, i.e. the same instant as the session's end plus grace when the
 * await starts right after {@code beginVerification}, as the README's example does. When the server
 * fails from the session's end on (a deploy, a proxy's 503), the wait can then never reach the turn
 * at which it takes the session for ended: it gave up with a {@code WaitTimeoutException} that no
 * caller asked for, although it knows the session ended ({@code expiresAt} from its pending answers)
 * and would have answered {@code Expired} had the same wait started a second later.
 *
 * <p>The server fails from the end on, not from a second before it: the wait's last check comes
 * shortly before the end (about 19 s), and failing from then, six failures in a row could fit before
 * the grace is over when the backoff's jitter drew short waits (one run in about twelve), which ends
 * the wait with the 503 as {@code WaitOptions.maxConsecutiveFailures} (5 by default) documents. From
 * the end on, at most four fit (the session's checks are 1.02 s apart at least), whatever the jitter.
 */
class RpcAwaitWithoutDeadlineTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final String SESSION = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";
    /**
     * The session began at T0; its lifetime is shrunk to 20 s on both sides, as the mock and the client
     * allow (with the documented 10 minutes the outcome is the same, after 305 checks).
     */
    private static final Duration LIFETIME = Duration.ofSeconds(20);
    private static final Instant ENDS = T0.plus(LIFETIME);

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

    @Test
    void aSessionThatEndedWhileTheServerWasFailingEndsTheDefaultAwaitAsExpiredNotAsATimeout() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Instant now = time.now();
                checks.add(now);
                if (now.isBefore(ENDS)) {
                    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                            .body("{\"result\":{\"data\":{\"status\":\"pending\",\"expiresAt\":" + ENDS.toEpochMilli()
                                    + ",\"code\":\"482913\"}}}").build();
                }
                // from the session's end on: the service is being redeployed
                return new MockResponse.Builder().code(503).setHeader("Content-Type", "text/html")
                        .body("<html><body>503 Service Temporarily Unavailable</body></html>").build();
            }
        });
        rpc = RobloxVerificationClient.builder().baseUrl(server.url("/").toString()).scheduler(time)
                .sessionLifetime(LIFETIME).build();

        AtomicReference<VerificationStatus> result = new AtomicReference<>();
        Throwable thrown = catchThrowable(() -> result.set(rpc.awaitVerification(SESSION)));

        assertThat(thrown).as("no timeout was given; the last checks were at %s", checks.subList(Math.max(0, checks.size() - 6), checks.size()))
                .isNull();
        assertThat(result.get()).isEqualTo(VerificationStatus.Expired.instance());
    }
}
