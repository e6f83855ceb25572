package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import dev.verifykit.mock.internal.dock.DockState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A {@link MutableClock} moves only when the test moves it, and tells the server when it does: a held
 * long-poll has nothing to look at until then. It waited instead for the mock time left to its session's
 * expiry as if it were real time (at least 1 ms), so a session a millisecond from its end had each held
 * long-poll wake and look about a thousand times a second, under the mock's one lock, for its whole wait
 * ({@code DockState.idleLooks()}: "never otherwise" than under a clock that does not tell its moves).
 */
class MutableClockHeldPollTest {

    @Test
    void aLongPollHeldUnderAMutableClockDoesNotLookAgainUntilTheClockMoves() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
        try (MockServer server = MockServer.start(MockSettings.builder().clock(clock).build())) {
            Http http = new Http(server);
            String id = http.newSession("almost-expired");
            clock.advance(Duration.ofMinutes(5).minusMillis(1)); // 1 ms of the session's lifetime left

            Answer answer = http.read(Http.FREE, id, "wait=1"); // the clock stands still for the whole second

            assertThat(answer.data()).containsEntry("status", "pending");
            // none but a spurious wake-up (before: 586 to 790 in the second)
            assertThat(((DockState) server.dock()).idleLooks()).as("looks without news during the hold").isLessThanOrEqualTo(2);
        }
    }
}
