package dev.verifykit.mock;

import static dev.verifykit.mock.DockCreateTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * README, control plane: {@code POST /_mock/reset} "forgets sessions, buckets, daily counts, idempotency
 * keys, links …, in one step: … a held long-poll does not hold a reset up: it answers 404", and a
 * reset "ends streams". Each part of the reset pinned on its own (mutation testing of the Dock state
 * found every one but the sessions unpinned).
 */
class DockResetPinnedTest {

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

    private Answer createFor(String clientId) {
        return http.create(Http.FREE, "{\"pid\":\"" + Http.FREE_PID + "\",\"clientId\":\"" + clientId + "\"}");
    }

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
