package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.mock.Http.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Dock session's life as CONTRACT.md and the mock's README state it, where no test looked (found by
 * mutation testing the Dock state): a pending session is reused by a create however often it was read;
 * a session past its lifetime is expired for a create and for the control plane whenever they look,
 * not only once the mock's periodic sweep has run; a control-plane expiry answers a held long-poll at
 * once ("a change is answered at once").
 */
class DockSessionPinnedTest {

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
