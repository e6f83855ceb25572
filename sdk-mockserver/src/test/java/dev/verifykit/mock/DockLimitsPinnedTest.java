package dev.verifykit.mock;

import static dev.verifykit.mock.DockCreateTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What CONTRACT.md and the mock's README promise of Dock's limits and refusals that no other test
 * pinned (found by mutation testing the Dock state): the create bucket's headers on every authenticated
 * answer as they are at that moment, its reset rounded up, a bucket refilling past a {@code long} of
 * nanoseconds; the daily refusal's and the interval refusal's {@code meta.rateLimit}; an injected 500's
 * code; the characters an {@code Idempotency-Key} may hold.
 */
class DockLimitsPinnedTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
    private MockServer server;
    private Http http;

    private void start(DockSettings.Builder dock) {
        server = MockServer.start(MockSettings.builder().clock(clock).dock(dock.build()).build());
        http = new Http(server);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Answer createFor(String clientId) {
        return http.create(Http.FREE, "{\"pid\":\"" + Http.FREE_PID + "\",\"clientId\":\"" + clientId + "\"}");
    }

    /** "X-RateLimit-Remaining … whole tokens left" on every authenticated answer: a read shows the refill since the last create. */
    @Test
    void aReadShowsTheCreateTokensRefilledSinceTheLastCreate() {
        start(DockSettings.builder());
        String id = http.newSession("a");
        createFor("b");
        createFor("c");
        clock.advance(Duration.ofSeconds(10)); // one token back: 3 left + 1

        Answer read = http.read(Http.FREE, id, null);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("X-RateLimit-Remaining")).isEqualTo("4");
        assertThat(read.header("X-RateLimit-Reset"))
                .isEqualTo(String.valueOf(Instant.parse("2026-05-07T00:00:30Z").getEpochSecond()));
    }

    /** "reset = unix seconds at which the bucket is full again", rounded up (Limits' Javadoc). */
    @Test
    void theResetHeaderIsRoundedUpToTheNextWholeSecond() {
        clock.set(Instant.parse("2026-05-07T00:00:00.250Z"));
        start(DockSettings.builder());

        Answer created = createFor("rounded"); // full again at 00:00:10.250

        assertThat(created.header("X-RateLimit-Reset"))
                .isEqualTo(String.valueOf(Instant.parse("2026-05-07T00:00:11Z").getEpochSecond()));
    }

    /** README: the daily refusal carries {@code meta.rateLimit} with {@code "scope":"daily_sessions"}. */
    @Test
    void theDailyRefusalNamesItsScopeInMetaRateLimit() {
        start(DockSettings.builder().freeDailyLimit(1));
        createFor("first");

        Answer refused = createFor("second");

        assertError(refused, 429, "RATE_LIMITED", "Daily");
        assertThat(refused.meta().get("rateLimit"))
                .isEqualTo(Map.of("scope", "daily_sessions", "limit", 1.0, "remaining", 0.0));
        assertThat(refused.header("X-RateLimit-Remaining-Day")).isEqualTo("0");
    }

    /**
     * "The create bucket refills continuously, exactly, with the injected clock, whatever the burst and
     * the refill": an empty bucket whose full time is past a {@code long} of nanoseconds, after a clock
     * move also past it, is full again (not 9 tokens, not none).
     */
    @Test
    void aBucketEmptiedWithTheLongestRefillIsFullAfterTheClockMovesCenturies() {
        start(DockSettings.builder().createBurst(12).createRefill(Duration.ofSeconds(999_999_999)));
        for (int i = 0; i < 12; i++) {
            assertThat(createFor("c" + i).status()).isEqualTo(200);
        }
        assertThat(createFor("over").status()).isEqualTo(429);

        clock.advance(Duration.ofDays(365L * 300)); // past a long of nanoseconds (~292 years)

        Answer next = createFor("later");
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(next.header("X-RateLimit-Remaining")).isEqualTo("11");
    }

    /** README: read refusals carry {@code {"scope":"session_polls","limit":cap,"remaining":cap-reads}}. */
    @Test
    void anIntervalRefusalCountsThePollsLeft() {
        start(DockSettings.builder());
        String id = http.newSession("interval");
        assertThat(http.read(Http.FREE, id, null).status()).isEqualTo(200);

        Answer tooSoon = http.read(Http.FREE, id, null);

        assertError(tooSoon, 429, "RATE_LIMITED", "apart");
        assertThat(tooSoon.meta().get("rateLimit"))
                .isEqualTo(Map.of("scope", "session_polls", "limit", 60.0, "remaining", 59.0));
    }

    /** An injected 500 in Dock's shape is {@code INTERNAL_ERROR}, as every other 5xx (DockInjectedErrorCodesTest). */
    @Test
    void anInjected500IsAnInternalError() {
        start(DockSettings.builder());
        String id = http.newSession("injected");
        server.faults().add("GET /dock/** respond status=500 times=1");

        Answer failed = http.read(Http.FREE, id, null);

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.error()).as(failed.body()).isEqualTo("INTERNAL_ERROR");
    }

    /** CONTRACT: an {@code Idempotency-Key} is 1–255 printable ASCII (0x20–0x7E): a space is one of them, DEL is not. */
    @Test
    void anIdempotencyKeyMayHoldASpaceButNotADelete() throws Exception {
        start(DockSettings.builder());
        Answer spaced = http.create(Http.FREE, "{\"pid\":\"" + Http.FREE_PID + "\",\"clientId\":\"spaced\"}", "order 42");
        assertThat(spaced.status()).as(spaced.body()).isEqualTo(200);

        String body = "{\"pid\":\"" + Http.FREE_PID + "\",\"clientId\":\"deleted\"}";
        String answer;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000); // a hang guard only
            socket.getOutputStream().write(("POST /dock/v2/sessions HTTP/1.1\r\nHost: mock\r\nAuthorization: Bearer "
                    + Http.FREE + "\r\nIdempotency-Key: order\u007f42\r\nContent-Type: application/json\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("\"INVALID_PARAMETER\"").contains("Idempotency-Key");
    }
}
