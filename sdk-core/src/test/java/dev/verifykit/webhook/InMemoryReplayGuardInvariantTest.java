package dev.verifykit.webhook;

import dev.verifykit.testing.Interleaved;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.ReplayGuard.Claim;
import dev.verifykit.webhook.internal.InMemoryReplayGuard;
import java.util.concurrent.TimeUnit;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "A delivery is handled once even when the service sends it again, several instances receive copies
 * of it, or the handler fails" ({@link ReplayGuard}): Lincheck runs two copies of one delivery
 * through an in-memory guard, each claiming it twice at the most as the service's retries would,
 * one copy's first handling failing (released), and explores their interleavings. In every one, at
 * most one copy handles the delivery at a time, it is committed once at the most, and it is not lost:
 * after them, a copy gets {@link Claim.Kind#DONE} when one was committed and is claimed again (a
 * released claim can be claimed again) when none was.
 */
class InMemoryReplayGuardInvariantTest {
    private static final String KEY = "delivery";

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // the checker's work, not a wait: slower on a loaded machine, not a hang
    void oneCopyHandlesADeliveryAtATimeOnceAtTheMostAndAReleasedOneIsClaimedAgain() {
        Lincheck.runConcurrentTest(600, () -> {
            VirtualScheduler clock = Fixtures.clock();
            ReplayGuard guard = InMemoryReplayGuard.timedBy(ReplayGuard.inMemory(), clock);
            Handler handler = new Handler();
            Interleaved.runAll(() -> deliver(guard, clock, handler, true), () -> deliver(guard, clock, handler, false));
            handler.check(guard.claim(KEY, clock.now()).kind());
        });
    }

    /** A copy of the delivery, tried twice at the most (an in-progress or a failed first try is retried). */
    private static void deliver(ReplayGuard guard, VirtualScheduler clock, Handler handler, boolean failFirst) {
        for (int attempt = 0; attempt < 2; attempt++) {
            Claim claim = guard.claim(KEY, clock.now());
            if (claim.kind() == Claim.Kind.DONE) {
                return;
            }
            if (claim.kind() == Claim.Kind.CLAIMED) {
                handler.started();
                if (failFirst && attempt == 0) {
                    handler.ended(false);
                    guard.release(claim);
                } else {
                    handler.ended(true);
                    guard.commit(claim, clock.now());
                    return;
                }
            }
        }
    }

    /** The application's handler: counts copies handling at once and successes; notes violations for {@link #check}. */
    private static final class Handler {
        private final Interleaved.Violations violations = new Interleaved.Violations();
        private int running;
        private int succeeded;

        synchronized void started() {
            if (++running > 1) {
                violations.add("two copies handled at once");
            }
        }

        synchronized void ended(boolean success) {
            running--;
            if (success && ++succeeded > 1) {
                violations.add("handled successfully " + succeeded + " times");
            }
        }

        synchronized void check(Claim.Kind next) {
            Claim.Kind expected = succeeded == 1 ? Claim.Kind.DONE : Claim.Kind.CLAIMED;
            if (next != expected) {
                violations.add("a copy after " + succeeded + " successes got " + next + ", not " + expected);
            }
            violations.throwIfAny();
        }
    }
}
