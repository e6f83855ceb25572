package dev.verifykit.mock;

import static dev.verifykit.mock.DockCreateTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DockCreateLimitsTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
    private MockServer server = MockServer.start(MockSettings.builder().clock(clock)
            .dock(DockSettings.builder().createBurst(3).createRefill(Duration.ofSeconds(4)).build()).build());
    private Http http = new Http(server);

    @AfterEach
    void stop() {
        server.close();
    }

    private Answer createFor(String clientId) {
        return http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":\"" + clientId + "\"}");
    }

    @Test
    void emptyCreateBucketIs429WithRetryAfterAndRefillsWithTheClock() {
        assertThat(createFor("a").header("X-RateLimit-Remaining")).isEqualTo("2");
        assertThat(createFor("b").header("X-RateLimit-Remaining")).isEqualTo("1");
        assertThat(createFor("c").header("X-RateLimit-Remaining")).isEqualTo("0");

        Answer refused = createFor("d");
        assertError(refused, 429, "RATE_LIMITED", "create");
        assertThat(refused.header("Retry-After")).isEqualTo("4");
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.meta().get("rateLimit")).asString().contains("session_create");

        clock.advance(Duration.ofMillis(2500));
        assertThat(createFor("d").header("Retry-After")).isEqualTo("2");

        clock.advance(Duration.ofMillis(1500));
        assertThat(createFor("d").status()).isEqualTo(200);
        assertThat(createFor("e").status()).isEqualTo(429);
        assertThat(server.dock().sessionCount()).isEqualTo(4);
    }

    /** README: "refused calls do not count" against the daily bucket: a create refused by the create bucket neither. */
    @Test
    void aCreateRefusedByTheCreateBucketTakesNothingFromTheDailyBucket() {
        createFor("a");
        createFor("b");
        assertThat(createFor("c").header("X-RateLimit-Remaining-Day")).isEqualTo("1997");

        Answer refused = createFor("d");

        assertError(refused, 429, "RATE_LIMITED", "create");
        assertThat(refused.header("X-RateLimit-Remaining-Day")).isEqualTo("1997");
    }

    /**
     * README: create checks run "daily bucket → reuse → create bucket": with the day's calls used up, a
     * create that would reuse a pending session is refused by the daily bucket, until UTC midnight.
     */
    @Test
    void aCreateThatWouldReuseIsRefusedOnceTheDailyBucketIsEmpty() {
        server.close();
        server = MockServer.start(MockSettings.builder().clock(clock)
                .dock(DockSettings.builder().freeDailyLimit(1).build()).build());
        http = new Http(server);
        createFor("again");

        Answer refused = createFor("again");

        assertError(refused, 429, "RATE_LIMITED", "Daily");
        assertThat(refused.header("Retry-After")).isEqualTo(String.valueOf(Duration.ofHours(24).toSeconds()));
        assertThat(refused.meta().get("rateLimit")).asString().contains("daily_sessions");
    }

    @Test
    void bucketsArePerApiKeyAndReuseTakesNoToken() {
        createFor("a");
        createFor("b");
        createFor("c");
        assertThat(createFor("a").data()).containsEntry("reusedExisting", true);
        assertThat(http.create(Http.PREMIUM, "{\"pid\":\"PID-PREM0001\",\"clientId\":\"a\"}").status())
                .isEqualTo(200);
    }

    @Test
    void idempotentReplayIsByteForByteWithHeaderAndTakesNoToken() {
        String body = "{\"pid\":\"PID-FREE0001\",\"clientId\":\"idem\"}";
        Answer first = http.create(Http.FREE, body, "key-1");
        clock.advance(Duration.ofSeconds(1));
        server.dock().complete((String) first.data().get("id"));

        Answer replay = http.create(Http.FREE, "{ \"clientId\": \"idem\", \"pid\": \"PID-FREE0001\" }", "key-1");

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.bytes()).isEqualTo(first.bytes());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(replay.header("X-Request-Id")).isEqualTo(first.header("X-Request-Id"));
        assertThat(replay.header("X-RateLimit-Remaining")).isEqualTo("2");
        assertThat(server.dock().sessionCount()).isEqualTo(1);
        assertThat(server.journal().entries()).extracting(MockJournalEntry::idempotencyKey).containsExactly("key-1", "key-1");
    }

    @Test
    void sameKeyWithADifferentBodyIs409AndKeysAreScopedPerApiKey() {
        http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":\"one\"}", "shared");

        assertError(http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":\"two\"}", "shared"),
                409, "CONFLICT", "Idempotency-Key");
        Answer otherKey = http.create(Http.PREMIUM, "{\"pid\":\"PID-PREM0001\",\"clientId\":\"two\"}", "shared");
        assertThat(otherKey.status()).isEqualTo(200);
        assertThat(otherKey.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void idempotencyKeyIsForgottenAfterItsTtl() {
        String body = "{\"pid\":\"PID-FREE0001\",\"clientId\":\"ttl\"}";
        Answer first = http.create(Http.FREE, body, "k");
        clock.advance(Duration.ofHours(24));

        Answer later = http.create(Http.FREE, body, "k");
        assertThat(later.header("Idempotent-Replayed")).isNull();
        assertThat(later.data().get("id")).isNotEqualTo(first.data().get("id"));
    }

    @Test
    void idempotencyKeyMustBe1To255PrintableAscii() {
        String body = "{\"pid\":\"PID-FREE0001\",\"clientId\":\"k\"}";
        assertError(http.create(Http.FREE, body, "x".repeat(256)), 400, "INVALID_PARAMETER", "Idempotency-Key");
        assertError(http.send(new okhttp3.Request.Builder().url(server.dockBaseUrl() + "/v2/sessions")
                        .header("Authorization", "Bearer " + Http.FREE)
                        .header("Idempotency-Key", "")
                        .post(okhttp3.RequestBody.create(body, Http.JSON)).build()),
                400, "INVALID_PARAMETER", "Idempotency-Key");
        assertError(http.send(new okhttp3.Request.Builder().url(server.dockBaseUrl() + "/v2/sessions")
                        .header("Authorization", "Bearer " + Http.FREE)
                        .header("Idempotency-Key", "tab\there")
                        .post(okhttp3.RequestBody.create(body, Http.JSON)).build()),
                400, "INVALID_PARAMETER", "Idempotency-Key");
        assertThat(http.create(Http.FREE, body, "x".repeat(255)).status()).isEqualTo(200);
    }

    @Test
    void dailyVerificationSessionBucketIs429UntilUtcMidnight() {
        server.close();
        server = MockServer.start(MockSettings.builder().clock(clock)
                .dock(DockSettings.builder().freeDailyLimit(2).minPollInterval(Duration.ZERO).build()).build());
        http = new Http(server);
        clock.set(Instant.parse("2026-05-07T23:59:00Z"));

        String id = http.newSession("daily");
        Answer read = http.read(Http.FREE, id, null);
        assertThat(read.header("X-RateLimit-Remaining-Day")).isEqualTo("0");
        Answer refused = http.read(Http.FREE, id, null);
        assertError(refused, 429, "RATE_LIMITED", "Daily");
        assertThat(refused.header("Retry-After")).isEqualTo("60");

        clock.advance(Duration.ofMinutes(1));
        assertThat(http.read(Http.FREE, id, null).header("X-RateLimit-Remaining-Day")).isEqualTo("1");
    }
}
