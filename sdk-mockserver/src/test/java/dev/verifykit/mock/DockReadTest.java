package dev.verifykit.mock;

import static dev.verifykit.mock.DockCreateTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import dev.verifykit.mock.internal.dock.DockState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DockReadTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
    private MockServer server;
    private Http http;

    private void start(DockSettings.Builder dock) {
        server = MockServer.start(MockSettings.builder().clock(clock).dock(dock.build()).build());
        http = new Http(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void readAnswersTheSessionInTheEnvelopeWithPollBudget() {
        start(DockSettings.builder());
        String id = http.newSession("reader");

        Answer answer = http.read(Http.FREE, id, null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.data()).containsEntry("id", id).containsEntry("status", "pending")
                .doesNotContainKey("reusedExisting").containsKeys("createdAt", "terminalAt", "result");
        assertThat(answer.meta().get("rateLimit"))
                .isEqualTo(Map.of("scope", "session_polls", "limit", 60.0, "remaining", 59.0));
        assertThat(answer.header("X-Request-Id")).isEqualTo(answer.meta().get("requestId"));
        assertThat(answer.header("X-RateLimit-Limit-Day")).isEqualTo("2000");
    }

    /** Every answer carries a {@code Date} by the mock's clock, as origin servers send it (RFC 9110 §6.6.1). */
    @Test
    void everyAnswerIsDatedByTheMocksClock() {
        start(DockSettings.builder());
        String id = http.newSession("dated");

        assertThat(http.read(Http.FREE, id, null).header("Date")).isEqualTo("Thu, 07 May 2026 00:00:00 GMT");
        clock.advance(Duration.ofSeconds(90));
        assertThat(http.read(Http.FREE, "vsn_AAAAAAAAAAAAAAAAAAAAAA", null).header("Date"))
                .isEqualTo("Thu, 07 May 2026 00:01:30 GMT");
        assertThat(http.send("POST", "/roblox/auth.beginVerification", null, "").header("Date"))
                .isEqualTo("Thu, 07 May 2026 00:01:30 GMT");
    }

    @Test
    void unknownIdOrAnotherKeysSessionIs404() {
        start(DockSettings.builder());
        String id = http.newSession("mine");

        assertError(http.read(Http.FREE, "vsn_AAAAAAAAAAAAAAAAAAAAAA", null), 404, "SESSION_NOT_FOUND", "not found");
        assertError(http.read(Http.FREE, "garbage", null), 404, "SESSION_NOT_FOUND", "not found");
        assertError(http.read(Http.PREMIUM, id, null), 404, "SESSION_NOT_FOUND", "not found");
        assertError(http.get(Http.PREMIUM, "/dock/v2/sessions/" + id + "/stream"), 404, "SESSION_NOT_FOUND",
                "not found");
    }

    @Test
    void waitOutsideZeroToMaxWaitIs400() {
        start(DockSettings.builder().minPollInterval(Duration.ZERO));
        String id = http.newSession("w");

        for (String wait : new String[] {"26", "25.000000001", "-1", "+1", "1e1", "NaN", "Infinity", ".", "1,5", "abc", "",
                "99999999999"}) {
            assertError(http.read(Http.FREE, id, "wait=" + wait), 400, "INVALID_PARAMETER",
                    "wait: must be a number of seconds from 0 to 25");
        }
        assertThat(http.read(Http.FREE, id, "wait=0").status()).isEqualTo(200);
        assertThat(http.read(Http.FREE, id, null).meta().get("rateLimit").toString()).contains("remaining=58.0");
    }

    /** Dock's document: "wait | number | … Maximum 25"; a fraction is a number within the bounds. */
    @Test
    void aFractionalWaitWithinTheBoundsIsAccepted() {
        start(DockSettings.builder().minPollInterval(Duration.ZERO));
        String id = http.newSession("fractional-wait");
        server.dock().complete(id); // terminal: the long-poll answers at once, nothing is held

        for (String wait : new String[] {"1.5", "0.25", ".5", "2.", "25.0", "007.000000000001"}) {
            Answer answer = http.read(Http.FREE, id, "wait=" + wait);
            assertThat(answer.status()).as(wait + ": " + answer.body()).isEqualTo(200);
            assertThat(answer.data().get("status")).isEqualTo("completed");
        }
    }

    @Test
    void aFractionalWaitHoldsTheReadUntilACompletion() throws Exception {
        start(DockSettings.builder());
        String id = http.newSession("held-fraction");

        CompletableFuture<Answer> held = Background.supply(() -> http.read(Http.FREE, id, "wait=20.5"));
        HeldPolls.await(server, held);
        assertThat(server.dock().heldLongPolls()).as("the long-poll is held").isEqualTo(1);
        server.dock().complete(id, "123456789012345678", "156319135");

        Answer answer = held.get(15, TimeUnit.SECONDS);
        assertThat(answer.data()).containsEntry("status", "completed");
    }

    @Test
    void longPollIsHeldAndAnsweredAtOnceByACompletion() throws Exception {
        start(DockSettings.builder());
        String id = http.newSession("held");

        CompletableFuture<Answer> held = Background.supply(() -> http.read(Http.FREE, id, "wait=20"));
        HeldPolls.await(server, held);
        assertThat(server.dock().heldLongPolls()).as("the long-poll is held").isEqualTo(1);
        assertThat(http.send("GET", "/_mock/dock/stats", null, null).json())
                .containsEntry("heldLongPolls", 1.0).containsEntry("sessions", 1.0);
        assertThat(held).isNotDone();
        server.dock().complete(id, "123456789012345678", "156319135");

        Answer answer = held.get(15, TimeUnit.SECONDS);
        assertThat(server.dock().heldLongPolls()).isZero();
        assertThat(answer.data()).containsEntry("status", "completed");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) answer.data().get("result");
        assertThat(result).containsEntry("discordId", "123456789012345678").containsEntry("robloxId", "156319135");
    }

    @Test
    void aLongPollUnderAClockThatDoesNotTellItsMovesSeesTheExpiryWithinASecond() throws Exception {
        // only a MutableClock wakes held requests; under another clock a long-poll looked again only
        // when its wait ended (25 s here), streams every second. The bound is far from both.
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(
                Instant.parse("2026-05-07T00:00:00Z"));
        java.time.Clock silent = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        server = MockServer.start(MockSettings.builder().clock(silent).build());
        http = new Http(server);
        String id = http.newSession("silent");
        CompletableFuture<Answer> held = Background.supply(() -> http.read(Http.FREE, id, "wait=25"));
        HeldPolls.await(server, held);
        assertThat(server.dock().heldLongPolls()).as("the long-poll is held").isEqualTo(1);

        now.set(now.get().plus(Duration.ofMinutes(10)));

        assertThat(held.get(15, TimeUnit.SECONDS).data()).containsEntry("status", "expired");
    }

    /**
     * Under the system clock (the default), which passes as real time, a held long-poll sleeps until
     * its wait ends or its session expires: 10,000 held long-polls each looking again every second
     * under the mock's one lock took most of its CPU (JFR: most of it in the kernel), so that it
     * answered completions seconds late. Under a clock that does not tell its moves it still looks
     * every second (above).
     */
    @Test
    void aLongPollUnderTheSystemClockDoesNotLookAgainEverySecond() {
        server = MockServer.start(MockSettings.builder().build());
        http = new Http(server);
        String id = http.newSession("system");

        Answer answer = http.read(Http.FREE, id, "wait=3");

        assertThat(answer.data()).containsEntry("status", "pending");
        assertThat(((DockState) server.dock()).idleLooks()).as("looks without news during the hold").isZero();
    }

    @Test
    void longPollEndsAfterTheWaitWithThePendingSession() {
        start(DockSettings.builder().maxWait(Duration.ofSeconds(1)));
        String id = http.newSession("timeout");

        long started = System.nanoTime();
        Answer answer = http.read(Http.FREE, id, "wait=1");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(answer.data()).containsEntry("status", "pending");
        assertError(http.read(Http.FREE, id, "wait=2"), 400, "INVALID_PARAMETER", "from 0 to 1");
    }

    @Test
    void readsCloserThanTheMinimumIntervalAre429WithRetryAfterAndDoNotResetIt() {
        start(DockSettings.builder().minPollInterval(Duration.ofSeconds(3)));
        String id = http.newSession("interval");
        assertThat(http.read(Http.FREE, id, null).status()).isEqualTo(200);

        clock.advance(Duration.ofMillis(500));
        Answer tooSoon = http.read(Http.FREE, id, null);
        assertError(tooSoon, 429, "RATE_LIMITED", "apart");
        assertThat(tooSoon.header("Retry-After")).isEqualTo("3");

        clock.advance(Duration.ofMillis(2000));
        Answer stillTooSoon = http.get(Http.FREE, "/dock/v2/sessions/" + id + "/stream");
        assertThat(stillTooSoon.status()).isEqualTo(429);
        assertThat(stillTooSoon.header("Retry-After")).isEqualTo("1");

        clock.advance(Duration.ofMillis(500));
        Answer allowed = http.read(Http.FREE, id, null);
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.meta().get("rateLimit").toString()).contains("remaining=58");
    }

    @Test
    void pollCapIsSharedByReadsAndStreamOpensThen429WithoutRetryAfter() {
        start(DockSettings.builder().freePollCap(3).minPollInterval(Duration.ZERO));
        String id = http.newSession("cap");
        server.dock().expire(id);

        assertThat(http.read(Http.FREE, id, null).status()).isEqualTo(200);
        assertThat(http.get(Http.FREE, "/dock/v2/sessions/" + id + "/stream").status()).isEqualTo(200);
        Answer last = http.read(Http.FREE, id, null);
        assertThat(last.status()).isEqualTo(200);
        assertThat(last.meta().get("rateLimit").toString()).contains("remaining=0");

        for (String path : new String[] {"/dock/v2/sessions/" + id, "/dock/v2/sessions/" + id + "/stream"}) {
            Answer capped = http.get(Http.FREE, path);
            assertError(capped, 429, "RATE_LIMITED", "cap");
            assertThat(capped.meta().get("rateLimit"))
                    .isEqualTo(Map.of("scope", "session_polls", "limit", 3.0, "remaining", 0.0));
            assertThat(capped.header("Retry-After")).isNull();
        }
    }

    @Test
    void refusedReadsDoNotCountAgainstTheCap() {
        start(DockSettings.builder().freePollCap(2).minPollInterval(Duration.ofSeconds(2)));
        String id = http.newSession("refused");
        assertThat(http.read(Http.FREE, id, null).status()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(http.read(Http.FREE, id, null).status()).isEqualTo(429);
        }
        clock.advance(Duration.ofSeconds(2));
        assertThat(http.read(Http.FREE, id, null).status()).isEqualTo(200);
    }

    /**
     * README: read checks run "poll cap → minimum interval": a capped session read too soon is refused
     * by the cap, with no {@code Retry-After} (waiting does not help), not by the interval with one.
     */
    @Test
    void aCappedSessionReadTooSoonIsRefusedByTheCapWithoutRetryAfter() {
        start(DockSettings.builder().freePollCap(1));
        String id = http.newSession("capped-too-soon");
        assertThat(http.read(Http.FREE, id, null).status()).isEqualTo(200);

        Answer capped = http.read(Http.FREE, id, null);

        assertError(capped, 429, "RATE_LIMITED", "cap");
        assertThat(capped.header("Retry-After")).isNull();
        assertThat(capped.meta().get("rateLimit"))
                .isEqualTo(Map.of("scope", "session_polls", "limit", 1.0, "remaining", 0.0));
    }

    /** README: "refused calls do not count" against the daily bucket; a read refused by the interval neither. */
    @Test
    void aReadRefusedByTheIntervalTakesNothingFromTheDailyBucket() {
        start(DockSettings.builder().freeDailyLimit(3));
        String id = http.newSession("daily-interval"); // 2 left
        assertThat(http.read(Http.FREE, id, null).header("X-RateLimit-Remaining-Day")).isEqualTo("1");

        Answer tooSoon = http.read(Http.FREE, id, null);

        assertError(tooSoon, 429, "RATE_LIMITED", "apart");
        assertThat(tooSoon.header("X-RateLimit-Remaining-Day")).isEqualTo("1");
        clock.advance(Duration.ofSeconds(2));
        assertThat(http.read(Http.FREE, id, null).header("X-RateLimit-Remaining-Day")).isEqualTo("0");
    }

    @Test
    void premiumPlanHasItsOwnPollCap() {
        start(DockSettings.builder().premiumPollCap(1).minPollInterval(Duration.ZERO));
        Answer created = http.create(Http.PREMIUM, "{\"pid\":\"PID-PREM0001\",\"clientId\":\"p\"}");
        String id = (String) created.data().get("id");
        assertThat(http.read(Http.PREMIUM, id, null).meta().get("rateLimit").toString()).contains("limit=1");
        assertThat(http.read(Http.PREMIUM, id, null).status()).isEqualTo(429);
    }

    @Test
    void sessionExpiresWhenItsLifetimePassesByTheClock() {
        start(DockSettings.builder().minPollInterval(Duration.ZERO));
        String id = http.newSession("expiring");

        clock.advance(Duration.ofMinutes(5));
        Map<String, Object> data = http.read(Http.FREE, id, null).data();

        assertThat(data).containsEntry("status", "expired")
                .containsEntry("statusReason", "lifetime_exceeded")
                .containsEntry("terminalAt", "2026-05-07T00:05:00.000Z")
                .containsEntry("result", null);
        assertThat(server.dock().session(id)).get().extracting(MockDockSession::status).isEqualTo("expired");
    }

    /**
     * The wait is an hour and the test client's timeouts 40 s: only the clock's move can end the poll
     * within the bound (a guard against a hang, not a duration measured). The clock moves once the mock
     * counts the poll as held, however long the request took to arrive.
     */
    @Test
    void heldLongPollIsWokenByTheClockPassingTheLifetime() throws Exception {
        start(DockSettings.builder().maxWait(Duration.ofHours(1)));
        String id = http.newSession("clock");

        CompletableFuture<Answer> held = Background.supply(() -> http.read(Http.FREE, id, "wait=3600"));
        HeldPolls.await(server, held);
        assertThat(server.dock().heldLongPolls()).as("the long-poll is held").isEqualTo(1);
        clock.advance(Duration.ofMinutes(6));

        Answer answer = held.get(30, TimeUnit.SECONDS);
        assertThat(answer.data()).containsEntry("status", "expired").containsEntry("statusReason", "lifetime_exceeded");
    }

    /** As above: the wait is an hour, so an answer within the client's 40 s timeouts is the expiry's. */
    @Test
    void realTimeExpiryAnswersAHeldLongPollWithTheSystemClock() {
        server = MockServer.start(MockSettings.builder().dock(DockSettings.builder()
                .sessionLifetime(Duration.ofMillis(700)).maxWait(Duration.ofHours(1)).build()).build());
        http = new Http(server);
        String id = http.newSession("real");

        Answer answer = http.read(Http.FREE, id, "wait=3600");

        assertThat(answer.data()).containsEntry("status", "expired");
    }

    @Test
    void terminalSessionAnswersForTheRetentionThen404() {
        start(DockSettings.builder().minPollInterval(Duration.ZERO).terminalRetention(Duration.ofMinutes(10)));
        String completed = http.newSession("done");
        String expired = http.newSession("late");
        server.dock().complete(completed);
        clock.advance(Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(4));
        assertThat(http.read(Http.FREE, completed, null).data()).containsEntry("status", "completed");
        assertThat(http.read(Http.FREE, expired, null).data()).containsEntry("status", "expired");

        clock.advance(Duration.ofMinutes(1));
        assertError(http.read(Http.FREE, completed, null), 404, "SESSION_NOT_FOUND", "not found");
        assertThat(http.read(Http.FREE, expired, null).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(5));
        assertError(http.read(Http.FREE, expired, null), 404, "SESSION_NOT_FOUND", "not found");
        assertThat(server.dock().session(expired)).isEmpty();
    }
}
