package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An RPC wait around its session's end, against a server answering as the real one does by (virtual)
 * time: it forgets a session at its {@code expiresAt} (verified until then, expired after, the
 * reference's facts), so the wait's last check must come before that end, and the wait's own deadline
 * (the session lifetime and a 5-s grace from its start, when the caller gave none) must end it as the
 * session ended, {@code Expired}, only once that end has come.
 */
class RpcSessionEndTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final String SESSION = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";
    private static final String USER = "{\"robloxUserId\":\"156319135\",\"username\":\"builder\","
            + "\"displayName\":\"Builder\",\"picture\":\"https://tr.rbxcdn.com/x.png\"}";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    /** Each check: when, and what it was answered. */
    private final List<String> checks = new CopyOnWriteArrayList<>();
    private RobloxVerificationClient rpc;

    @AfterEach
    void close() {
        if (rpc != null) {
            rpc.close();
        }
    }

    /**
     * A session that the game completes at {@code completed} and the server forgets at {@code ends},
     * unless {@code other} answers a check first (it gives {@code null} to leave it to them).
     */
    private void serve(Instant completed, Instant ends, Function<Instant, MockResponse> other) {
        String token = RpcWireTest.jwt(completed, completed.plusSeconds(3600));
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Instant now = time.now();
                MockResponse answer = other.apply(now);
                String said = answer != null ? "HTTP " + answer.getCode() : !now.isBefore(ends) ? "expired"
                        : !now.isBefore(completed) ? "verified" : "pending";
                checks.add(now + " " + said);
                return answer != null ? answer : switch (said) {
                    case "expired" -> ok("{\"status\":\"expired\"}");
                    case "verified" -> ok("{\"status\":\"verified\",\"jwt\":\"" + token + "\",\"user\":" + USER + "}");
                    default -> ok("{\"status\":\"pending\",\"expiresAt\":" + ends.toEpochMilli() + ",\"code\":\"482913\"}");
                };
            }
        });
    }

    private static MockResponse ok(String data) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"result\":{\"data\":" + data + "}}").build();
    }

    private RobloxVerificationClient client(Duration lifetime) {
        rpc = RobloxVerificationClient.builder().baseUrl(server.url("/").toString()).scheduler(time)
                .sessionLifetime(lifetime).build();
        return rpc;
    }

    /**
     * A code entered in the last check interval before the session's end: the wait kept its interval
     * straight through the end, and its next check was answered {@code expired}, while the game had told
     * the player "verified" ("a result that came in the last interval is not missed",
     * {@link WaitOptions#timeout()}; "ends at the session's expiresAt", README).
     */
    @ParameterizedTest(name = "interval {0} s")
    @ValueSource(ints = {2, 10})
    void aCompletionInTheLastIntervalBeforeTheSessionsEndIsNotReportedExpired(int intervalSeconds) {
        Instant ends = T0.plusMillis(29_900);
        Instant completed = ends.minusMillis(1500);
        serve(completed, ends, now -> null);

        VerificationStatus status = client(Duration.ofMinutes(10)).awaitVerification(SESSION,
                WaitOptions.builder().pollInterval(Duration.ofSeconds(intervalSeconds)).build());

        assertThat(status).as("checks %s; the session ended at %s, the game completed it at %s", checks, ends, completed)
                .isInstanceOf(VerificationStatus.Verified.class);
    }

    /**
     * {@code awaitVerification(sessionId)} with no options promises {@code Verified} or {@code Expired},
     * and a {@code WaitTimeoutException} only "when the options' timeout or deadline passes first". Begun
     * with the session, the wait's own deadline comes with the session's end and the grace; with the
     * server failing from the end on (a deploy's 503s), it gave up with a timeout no caller asked for
     * instead of answering {@code Expired}. (The server fails from the end on, not sooner: from the last
     * check, a second before the end, six failures in a row can fit in the grace when the backoff's jitter
     * draws short, which ends the wait with the 503 as {@code maxConsecutiveFailures} documents; from
     * the end on at most four fit, the checks being 1.02 s apart at least.)
     */
    @Test
    void aSessionThatEndedWhileTheServerWasFailingEndsTheDefaultAwaitAsExpiredNotAsATimeout() {
        Duration lifetime = Duration.ofSeconds(20); // shrunk on both sides; with 10 minutes the same, after 305 checks
        Instant ends = T0.plus(lifetime);
        serve(ends.plusSeconds(1), ends, now -> now.isBefore(ends) ? null : new MockResponse.Builder().code(503)
                .setHeader("Content-Type", "text/html").body("<html><body>503 Service Temporarily Unavailable</body></html>")
                .build());

        AtomicReference<VerificationStatus> result = new AtomicReference<>();
        Throwable thrown = catchThrowable(() -> result.set(client(lifetime).awaitVerification(SESSION)));

        assertThat(thrown).as("no timeout was given; the last checks %s", checks.subList(Math.max(0, checks.size() - 6),
                checks.size())).isNull();
        assertThat(result.get()).isEqualTo(VerificationStatus.Expired.instance());
    }

    /**
     * The wait is given up before its own deadline when its next check would come past it (a proxy's
     * 503 with {@code Retry-After: 20} at 20 s of a 30-s session): the session still lives, and here
     * the game completes it two seconds later. The first form of the session-deadline rule answered
     * {@code Expired} then, a definite outcome that was false; the wait ends with a
     * {@code WaitTimeoutException} (outcome unknown), as before that rule.
     */
    @Test
    void aRetryAfterPastTheSessionsDeadlineIsNotReportedAsTheSessionsExpiry() {
        Instant ends = T0.plusMillis(29_900);
        Instant busy = T0.plusSeconds(20);
        Instant completed = T0.plusSeconds(22);
        AtomicBoolean busyOnce = new AtomicBoolean();
        serve(completed, ends, now -> !now.isBefore(ends) || now.isBefore(busy) || !busyOnce.compareAndSet(false, true)
                ? null : new MockResponse.Builder().code(503).setHeader("Retry-After", "20")
                        .setHeader("Content-Type", "text/plain").body("Service Unavailable").build());

        Object outcome;
        try {
            outcome = client(Duration.ofSeconds(30)).awaitVerification(SESSION, WaitOptions.defaults());
        } catch (RuntimeException e) {
            outcome = e;
        }

        assertThat(outcome).as("ended at %s with %s; checks %s; the session ends at %s and was verified at %s",
                time.now(), outcome, checks, ends, completed).isNotInstanceOf(VerificationStatus.Expired.class);
    }

    /**
     * A wait's progress reported the time left until the wait's own bound for a session just begun
     * (the client's lifetime of 10 minutes and the grace), while the server had told the session's
     * end ({@code expiresAt}, 30 s away) and the wait ends there (the CLI's "10m 04s left").
     */
    @Test
    void theProgressTellsTheTimeLeftUntilTheSessionsEndTheServerTold() {
        Instant ends = T0.plusMillis(29_900);
        serve(ends.plusSeconds(1), ends, now -> null);
        List<Duration> left = new CopyOnWriteArrayList<>();

        VerificationStatus status = client(Duration.ofMinutes(10)).awaitVerification(SESSION, WaitOptions.builder()
                .listener(progress -> left.add(progress.remaining().orElseThrow())).build());

        assertThat(status).isEqualTo(VerificationStatus.Expired.instance());
        assertThat(left).as("the time left told after each check; the session ends 29.9 s after the first")
                .isNotEmpty().allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(29_900)));
    }
}
