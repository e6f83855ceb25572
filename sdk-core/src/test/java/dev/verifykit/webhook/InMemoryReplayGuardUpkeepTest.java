package dev.verifykit.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.testing.LoggedWarnings;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * The in-memory guard's upkeep that no other test pinned (found by mutation testing): expired
 * entries are forgotten as new ones are written, not kept until the guard is full, and a full guard
 * forgetting handled deliveries says so once, not at every delivery.
 */
class InMemoryReplayGuardUpkeepTest {
    private final VirtualScheduler clock = Fixtures.clock();

    @Test
    void expiredEntriesAreForgottenAsNewOnesAreWrittenBeforeTheGuardIsFull() {
        ReplayGuard guard = onTheClock(ReplayGuard.inMemory(1_000, Duration.ofMinutes(10), Duration.ofSeconds(60)));
        for (int i = 0; i < 5; i++) {
            handled(guard, "old-" + i);
        }
        assertThat(guard.toString()).contains("size=5");

        clock.advance(Duration.ofMinutes(11));
        handled(guard, "new");

        assertThat(guard.toString()).contains("size=1");
    }

    @Test
    void aFullGuardWarnsOnceThatItForgetsHandledDeliveries() {
        ReplayGuard guard = onTheClock(ReplayGuard.inMemory(2, Duration.ofHours(1)));
        handled(guard, "a");
        handled(guard, "b");

        List<LogRecord> warnings = LoggedWarnings.during("dev.verifykit.webhook", () -> {
            handled(guard, "c");
            handled(guard, "d");
            handled(guard, "e");
        });

        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getMessage()).contains("replay guard is full", "forgets the oldest handled");
    }

    private ReplayGuard onTheClock(ReplayGuard guard) {
        Fixtures.verifier(clock).replayGuard(guard).build();
        return guard;
    }

    private void handled(ReplayGuard guard, String key) {
        ReplayGuard.Claim claim = guard.claim(key, clock.now());
        assertThat(claim.kind()).as(key).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
        guard.commit(claim, clock.now());
    }
}
