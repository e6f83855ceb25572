package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.RateLimitException;
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
 * The wait a {@code TOO_MANY_REQUESTS} asks for: the real server states it only in its message
 * ("Try again in 60s."); a {@code Retry-After} header (a proxy's, a stale default) never shortens it,
 * and the message's seconds are rounded up however many decimals they have; a refusal stating none
 * still slows an await to its interval.
 */
class RpcRateLimitHintTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final String SESSION = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";

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

    private static MockResponse tooMany(String message, String retryAfterHeader) {
        MockResponse.Builder b = new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"" + message + "\",\"code\":-32029,\"data\":{\"code\":\"TOO_MANY_REQUESTS\","
                        + "\"httpStatus\":429,\"path\":\"auth.checkVerification\"}}}");
        if (retryAfterHeader != null) {
            b.setHeader("Retry-After", retryAfterHeader);
        }
        return b.build();
    }

    /** A 1-s header beside a 60-s message: an await that asked again after ~2 s would only be refused again. */
    @Test
    void aShortRetryAfterHeaderDoesNotCutTheWaitOfTheMessage() {
        server.enqueue(tooMany("Rate limit hit. Try again in 60s.", "1"));
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"result\":{\"data\":{\"status\":\"expired\"}}}").build());

        VerificationStatus status = rpc().awaitVerification(SESSION);

        assertThat(status).isEqualTo(VerificationStatus.Expired.instance());
        assertThat(time.sleeps()).isNotEmpty();
        assertThat(time.sleeps().get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
    }

    /** A single check's refusal says the longer of the two, whichever states it. */
    @Test
    void aSingleChecksHintIsTheLongerOfHeaderAndMessage() {
        server.enqueue(tooMany("Rate limit hit. Try again in 60s.", "0"));
        server.enqueue(tooMany("Rate limit hit. Try again in 60s.", "Thu, 01 Jan 1970 00:00:00 GMT"));
        server.enqueue(tooMany("Rate limit hit. Try again in 5s.", "90"));

        for (Duration expected : new Duration[] {Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(90)}) {
            assertThatThrownBy(() -> rpc().checkVerification(SESSION)).isInstanceOfSatisfying(RateLimitException.class,
                    e -> assertThat(e.retryAfter()).contains(expected));
            rpc.close();
        }
    }

    /** A message stating no seconds (a proxy's or another deployment's wording): the header's hint is the one there is. */
    @Test
    void aRetryAfterHeaderCountsWhenTheMessageStatesNoHint() {
        server.enqueue(tooMany("Too many requests", "30"));

        assertThatThrownBy(() -> rpc().checkVerification(SESSION)).isInstanceOfSatisfying(RateLimitException.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)));
    }

    /** "Rounded up to whole milliseconds", past the ninth decimal too. */
    @Test
    void aHintIsRoundedUpToWholeMillisecondsWhateverItsDecimals() {
        server.enqueue(tooMany("Rate limit hit. Try again in 1.0000000001s.", null));
        server.enqueue(tooMany("Rate limit hit. Try again in 1.9990000000000000000001s.", null));
        server.enqueue(tooMany("Rate limit hit. Try again in 2.5000000000s.", null));

        for (Duration expected : new Duration[] {Duration.ofMillis(1001), Duration.ofMillis(2000), Duration.ofMillis(2500)}) {
            assertThatThrownBy(() -> rpc().checkVerification(SESSION)).isInstanceOfSatisfying(RateLimitException.class,
                    e -> assertThat(e.retryAfter()).contains(expected));
            rpc.close();
        }
    }

    /**
     * A refusal that states no wait at all (a proxy's 429 without {@code Retry-After} or a tRPC body)
     * is no leave to check faster than the wait's 2 s either: it was retried after the first backoff,
     * so the next check went out about 1 s after the refusal, as soon as the session's gate let it.
     */
    @Test
    void anAwaitRefusedWithoutAHintDoesNotCheckFasterThanItsInterval() {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                arrivals.add(time.nanoTime());
                return switch (arrivals.size()) {
                    case 1 -> json(200, "{\"result\":{\"data\":{\"status\":\"pending\",\"code\":\"482913\",\"expiresAt\":"
                            + T0.plusSeconds(600).toEpochMilli() + "}}}");
                    // a proxy's refusal: no tRPC body, no Retry-After
                    case 2 -> new MockResponse.Builder().code(429).setHeader("Content-Type", "text/html")
                            .body("<html><body><h1>429 Too Many Requests</h1></body></html>").build();
                    default -> json(200, "{\"result\":{\"data\":{\"status\":\"expired\"}}}");
                };
            }
        });

        assertThat(rpc().awaitVerification(SESSION)).isEqualTo(VerificationStatus.Expired.instance());

        assertThat(arrivals).hasSize(3);
        Duration beforeRefusal = Duration.ofNanos(arrivals.get(1) - arrivals.get(0));
        Duration afterRefusal = Duration.ofNanos(arrivals.get(2) - arrivals.get(1));
        assertThat(beforeRefusal).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(afterRefusal).as("the check after a rate-limit refusal (the wait's interval is 2 s)")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }
}
