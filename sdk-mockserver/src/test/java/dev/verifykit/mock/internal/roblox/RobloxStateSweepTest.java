package dev.verifykit.mock.internal.roblox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.MutableClock;
import dev.verifykit.mock.RobloxSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Sessions past their expiry and rate-limit windows with no call left are forgotten: sessions begun
 * and never checked again, and checks of made-up ids (no key needed), were kept for good.
 */
class RobloxStateSweepTest {
    @Test
    void expiredSessionsAndIdleWindowsAreForgotten() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
        RobloxState state = new RobloxState(RobloxSettings.defaults(), clock);
        for (int i = 0; i < 300; i++) {
            state.begin();
            state.check(UUID.randomUUID().toString());
        }
        assertThat(state.remembered()).isEqualTo(600);

        clock.advance(Duration.ofMinutes(11)); // past the sessions' 10 minutes and the checks' minute
        String kept = state.begin().sessionId();

        assertThat(state.remembered()).as("the session just begun only").isEqualTo(1);
        assertThat(state.session(kept)).isPresent();
    }

    /**
     * A reset forgets when the next sweep is due, as it forgets what the sweep would sweep: a test that
     * moved the mock's clock ahead, reset the mock and set the clock back (as {@code MockServerExtension}'s
     * users do between tests) left the sweep waiting for the old time, so sessions and windows piled up.
     */
    @Test
    void aResetForgetsWhenTheNextSweepIsDue() {
        Instant start = Instant.parse("2026-05-07T00:00:00Z");
        MutableClock clock = MutableClock.at(start.plus(Duration.ofDays(30)));
        RobloxState state = new RobloxState(RobloxSettings.defaults(), clock);
        state.begin(); // a sweep: the next one due a minute later, 30 days ahead
        state.reset();
        clock.set(start);
        for (int i = 0; i < 300; i++) {
            state.begin();
            state.check(UUID.randomUUID().toString());
        }

        clock.advance(Duration.ofMinutes(11));
        state.begin();

        assertThat(state.remembered()).as("the session just begun only").isEqualTo(1);
    }
}
