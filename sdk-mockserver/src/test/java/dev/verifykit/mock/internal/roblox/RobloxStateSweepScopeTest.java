package dev.verifykit.mock.internal.roblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.mock.MockRobloxSession;
import dev.verifykit.mock.MutableClock;
import dev.verifykit.mock.RobloxSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the once-a-minute sweep forgets, and what it must keep: the sweep runs from a check as well as
 * from a begin, forgets the completion and refresh windows too, and never drops a live session's code.
 */
class RobloxStateSweepScopeTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
    private final RobloxState state = new RobloxState(RobloxSettings.defaults(), clock);

    @Test
    void checksOfMadeUpIdsAloneAreSwept() {
        for (int i = 0; i < 50; i++) {
            state.check(UUID.randomUUID().toString());
        }
        clock.advance(Duration.ofMinutes(2));

        state.check(UUID.randomUUID().toString()); // no begin: the check sweeps

        assertThat(state.remembered()).as("the last check's window only").isEqualTo(1);
    }

    @Test
    void idleCompletionAndRefreshWindowsAreSwept() {
        String jwt = verifiedJwt("156319135");
        state.refresh(jwt);
        try {
            state.completeByGameServer("000000", "261"); // refused (no such code), still counted
        } catch (CompletionRefused expected) {
            // counted in the window all the same
        }
        clock.advance(Duration.ofHours(2)); // past the refreshes' hour and the session's 10 minutes

        state.begin();

        assertThat(state.remembered()).as("the session just begun only").isEqualTo(1);
    }

    @Test
    void aSweepKeepsTheCodesOfLiveSessions() {
        MockRobloxSession live = state.begin();
        clock.advance(Duration.ofSeconds(61)); // a sweep is due
        state.begin();

        state.completeByGameServer(live.code(), "156319135");

        assertThat(state.session(live.sessionId()).orElseThrow().status()).isEqualTo("verified");
    }

    /** The sweep forgets only windows with no call left in them: a window still counting calls keeps refusing. */
    @Test
    void aSweepKeepsTheWindowsStillCountingCalls() {
        String sessionId = state.begin().sessionId(); // a sweep: the next one is due a minute later
        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 60; i++) {
            state.check(sessionId);
        }
        clock.advance(Duration.ofSeconds(31)); // a sweep is due; the 60 checks are 31 s old

        assertThatThrownBy(() -> state.check(sessionId)).isInstanceOfSatisfying(RateLimited.class,
                limited -> assertThat(limited.retryAfterSeconds).isEqualTo(29));
    }

    /**
     * The sweep runs at most once a minute of the clock (the mock's README): until it runs, an expired
     * session no one asked about is kept, and shown as expired.
     */
    @Test
    void anExpiredSessionIsKeptUntilTheNextSweep() {
        MockRobloxSession expired = state.begin(); // a sweep: the next one is due a minute later
        state.expire(expired.sessionId());
        clock.advance(Duration.ofSeconds(59));

        state.check(UUID.randomUUID().toString()); // no sweep yet
        assertThat(state.session(expired.sessionId())).map(MockRobloxSession::status).contains("expired");

        clock.advance(Duration.ofSeconds(1));
        state.check(UUID.randomUUID().toString()); // the sweep
        assertThat(state.session(expired.sessionId())).isEmpty();
    }

    private String verifiedJwt(String robloxUserId) {
        MockRobloxSession session = state.begin();
        state.completeByGameServer(session.code(), robloxUserId);
        return ((Verification.Verified) state.check(session.sessionId())).token().jwt();
    }
}
