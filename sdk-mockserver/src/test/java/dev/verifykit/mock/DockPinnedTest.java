package dev.verifykit.mock;

import static dev.verifykit.mock.DockCreateTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.mock.Http.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What CONTRACT.md and the mock's README promise of the mock's Dock service and no other test pinned
 * (found by mutation testing the Dock state): its limits and refusals, a session's life, a reset's
 * every part. One fixture: the mock on a clock the test moves.
 */
class DockPinnedTest {
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

    /**
     * What CONTRACT.md and the mock's README promise of Dock's limits and refusals that no other test
     * pinned (found by mutation testing the Dock state): the create bucket's headers on every authenticated
     * answer as they are at that moment, its reset rounded up, a bucket refilling past a {@code long} of
     * nanoseconds; the daily refusal's and the interval refusal's {@code meta.rateLimit}; an injected 500's
     * code; the characters an {@code Idempotency-Key} may hold.
     */
    @Nested
    class Limits {
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

    /**
     * A Dock session's life as CONTRACT.md and the mock's README state it, where no test looked (found by
     * mutation testing the Dock state): a pending session is reused by a create however often it was read;
     * a session past its lifetime is expired for a create and for the control plane whenever they look,
     * not only once the mock's periodic sweep has run; a control-plane expiry answers a held long-poll at
     * once ("a change is answered at once").
     */
    @Nested
    class Sessions {
        @Test
        void aPendingSessionReadBetweenTwoCreatesIsStillReused() {
            start(DockSettings.builder());
            String id = http.newSession("read-between");
            assertThat(http.read(Http.FREE, id, null).status()).isEqualTo(200);

            Answer again = createFor("read-between");

            assertThat(again.data()).containsEntry("id", id).containsEntry("reusedExisting", true);
            assertThat(server.dock().sessionCount()).isEqualTo(1);
        }

        /**
         * The mock sweeps expired state at most once a second of its clock: a create within that second
         * after a session's lifetime passed must still see it expired, not reuse it as pending.
         */
        @Test
        void aSessionPastItsLifetimeIsNotReusedBetweenTwoSweeps() {
            start(DockSettings.builder().sessionLifetime(Duration.ofMillis(1500)));
            String first = http.newSession("short"); // sweeps; the next sweep is due a second later
            clock.advance(Duration.ofSeconds(1));
            createFor("other"); // sweeps (first still pending); the next sweep is due at 2 s
            clock.advance(Duration.ofMillis(500)); // first's lifetime has passed; no sweep is due

            Answer again = createFor("short");

            assertThat(again.status()).isEqualTo(200);
            assertThat(again.data()).containsEntry("reusedExisting", false).containsEntry("status", "pending");
            assertThat(again.data().get("id")).isNotEqualTo(first);
        }

        /** README: {@code complete(id)} throws {@code IllegalStateException} when the session is not pending. */
        @Test
        void theControlPlaneCannotCompleteASessionPastItsLifetime() {
            start(DockSettings.builder());
            String id = http.newSession("late");
            clock.advance(Duration.ofMinutes(5));

            assertThatThrownBy(() -> server.dock().complete(id)).isInstanceOf(IllegalStateException.class);
            assertThat(server.dock().session(id)).get().extracting(MockDockSession::status).isEqualTo("expired");
            assertThat(http.send("POST", "/_mock/dock/sessions/" + id + "/complete", null, "").status()).isEqualTo(409);
        }

        /**
         * The wait is an hour and the test client's timeouts 40 s: only the expiry's signal can end the poll
         * within the bound (a guard against a hang, not a duration measured).
         */
        @Test
        void aControlPlaneExpiryAnswersAHeldLongPollAtOnce() throws Exception {
            start(DockSettings.builder().maxWait(Duration.ofHours(1)));
            String id = http.newSession("expired-while-held");
            CompletableFuture<Answer> held = Background.supply(() -> http.read(Http.FREE, id, "wait=3600"));
            HeldPolls.await(server, held);

            server.dock().expire(id);

            Answer answer = held.get(30, TimeUnit.SECONDS);
            assertThat(answer.data()).containsEntry("status", "expired").containsEntry("statusReason", "lifetime_exceeded");
        }
    }

    /**
     * README, control plane: {@code POST /_mock/reset} "forgets sessions, buckets, daily counts, idempotency
     * keys, links …, in one step: … a held long-poll does not hold a reset up: it answers 404", and a
     * reset "ends streams". Each part of the reset pinned on its own (mutation testing of the Dock state
     * found every one but the sessions unpinned).
     */
    @Nested
    class Reset {
        @Test
        void aResetForgetsThePendingSessionACreateWouldReuse() {
            start(DockSettings.builder());
            String before = http.newSession("same-client");

            server.reset();
            Answer after = createFor("same-client");

            assertThat(after.status()).isEqualTo(200);
            assertThat(after.data()).containsEntry("reusedExisting", false);
            assertThat(after.data().get("id")).isNotEqualTo(before);
            assertThat(http.read(Http.FREE, (String) after.data().get("id"), null).status()).isEqualTo(200);
        }

        @Test
        void aResetRefillsTheCreateBucket() {
            start(DockSettings.builder().createBurst(1));
            createFor("one");
            assertThat(createFor("two").status()).isEqualTo(429);

            server.reset();

            Answer after = createFor("two");
            assertThat(after.status()).as(after.body()).isEqualTo(200);
            assertThat(after.header("X-RateLimit-Remaining")).isEqualTo("0");
        }

        @Test
        void aResetForgetsTheDailyCount() {
            start(DockSettings.builder().freeDailyLimit(2));
            createFor("one");
            assertThat(createFor("two").header("X-RateLimit-Remaining-Day")).isEqualTo("0");

            server.reset();

            Answer after = createFor("three");
            assertThat(after.status()).as(after.body()).isEqualTo(200);
            assertThat(after.header("X-RateLimit-Remaining-Day")).isEqualTo("1");
        }

        @Test
        void aResetForgetsIdempotencyKeys() {
            start(DockSettings.builder());
            http.create(Http.FREE, "{\"pid\":\"" + Http.FREE_PID + "\",\"clientId\":\"before\"}", "reused-key");

            server.reset();
            Answer after = http.create(Http.FREE, "{\"pid\":\"" + Http.FREE_PID + "\",\"clientId\":\"after\"}", "reused-key");

            assertThat(after.status()).as(after.body()).isEqualTo(200);
            assertThat(after.header("Idempotent-Replayed")).isNull();
            assertThat(after.data()).containsEntry("clientId", "after");
        }

        /** After a reset, a Discord user linked before is linked for the first time: version 1, no change. */
        @Test
        void aResetForgetsTheLinkDataset() {
            start(DockSettings.builder());
            server.dock().complete(http.newSession("first"), "123456789012345678", "156319135");

            server.reset();
            MockDockSession again = server.dock().complete(http.newSession("second"), "123456789012345678", "261");

            assertThat(again.linkChanged()).isFalse();
            assertThat(again.linkVersion()).isEqualTo(1);
            assertThat(again.previousRobloxId()).isNull();
        }

        /**
         * The wait is an hour and the test client's timeouts 40 s: only the reset can end the poll within the
         * bound (a guard against a hang, not a duration measured).
         */
        @Test
        void aResetAnswersAHeldLongPoll404AtOnce() throws Exception {
            start(DockSettings.builder().maxWait(Duration.ofHours(1)));
            String id = http.newSession("held");
            CompletableFuture<Answer> held = Background.supply(() -> http.read(Http.FREE, id, "wait=3600"));
            HeldPolls.await(server, held);

            server.reset();

            assertError(held.get(30, TimeUnit.SECONDS), 404, "SESSION_NOT_FOUND", "not found");
        }

        /** A stream open at a reset ends whole (its closing chunk written), not cut off. */
        @Test
        void aResetEndsAnOpenStreamWhole() throws Exception {
            start(DockSettings.builder());
            String id = http.newSession("streamed");
            try (SessionStreamTest.Sse sse = new SessionStreamTest.Sse(Http.CLIENT.newCall(new Request.Builder()
                    .url(server.dockBaseUrl() + "/v2/sessions/" + id + "/stream")
                    .header("Authorization", "Bearer " + Http.FREE).build()).execute())) {
                assertThat(sse.next()).containsExactly("retry: 2000");
                List<String> first = sse.next();
                assertThat(first).startsWith("event: session", "id: 1");

                server.reset();

                List<String> rest = sse.next(); // throws when the stream is cut rather than ended
                assertThat(rest).isNull();
            }
        }
    }
}
