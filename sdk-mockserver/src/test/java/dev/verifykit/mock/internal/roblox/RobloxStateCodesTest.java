package dev.verifykit.mock.internal.roblox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.MockRobloxSession;
import dev.verifykit.mock.MutableClock;
import dev.verifykit.mock.RobloxSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A code is drawn again while it collides with the code of a live session (the mock's README: "drawn
 * again up to 10 times while it collides with an active code"); only an expired session's code is
 * taken over.
 */
class RobloxStateCodesTest {

    /**
     * Codes are random, so the test begins enough live sessions that 6-digit draws colliding with a live
     * code happen in every run: 10,000 draws among 900,000 codes meet an earlier one about 55 times
     * (the birthday bound; none at all has a chance of about e^-55). Whatever the draws, the sessions
     * keep distinct codes and none replaces another.
     */
    @Test
    void aBeginNeverTakesTheCodeOfALiveSession() {
        RobloxState state = new RobloxState(RobloxSettings.defaults(),
                MutableClock.at(Instant.parse("2026-05-07T00:00:00Z")));
        List<MockRobloxSession> begun = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            begun.add(state.begin());
        }

        assertThat(begun).extracting(MockRobloxSession::code).doesNotHaveDuplicates();
        assertThat(begun).as("sessions replaced by a later begin")
                .filteredOn(session -> state.session(session.sessionId()).isEmpty()).isEmpty();
    }

    /**
     * "A new code equal to the code of an expired session replaces it" (the mock's README): the expired
     * session is forgotten then, not at the next sweep. 10,000 sessions begun, then expired by the control
     * surface (within the minute before a sweep is due), then 10,000 more begun: about 110 new codes equal
     * an expired one (none at all has a chance of about e^-110).
     */
    @Test
    void aBeginTakingTheCodeOfAnExpiredSessionForgetsIt() {
        RobloxState state = new RobloxState(RobloxSettings.defaults(),
                MutableClock.at(Instant.parse("2026-05-07T00:00:00Z")));
        List<String> begun = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            begun.add(state.begin().sessionId());
        }
        List<MockRobloxSession> expired = begun.stream().map(state::expire).toList();
        Set<String> newCodes = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            newCodes.add(state.begin().code());
        }

        assertThat(expired).as("expired codes drawn again").anyMatch(old -> newCodes.contains(old.code()));
        assertThat(expired).allSatisfy(old -> assertThat(state.session(old.sessionId()).map(MockRobloxSession::status))
                .as(old.code()).isEqualTo(newCodes.contains(old.code()) ? Optional.empty() : Optional.of("expired")));
    }
}
