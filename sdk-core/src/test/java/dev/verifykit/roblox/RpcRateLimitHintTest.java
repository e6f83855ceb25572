package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.RateLimitException;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The wait a {@code TOO_MANY_REQUESTS} asks for: the real server states it only in its message
 * ("Try again in 60s."); a {@code Retry-After} header (a proxy's, a stale default) never shortens it,
 * and the message's seconds are rounded up however many decimals they have.
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
}
