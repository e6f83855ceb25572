package dev.verifykit.webhook;

import dev.verifykit.testing.ReplayGuardContract;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;

/**
 * {@link ReplayGuard#inMemory} keeps the guard contract, on the monotonic clock of the verifier it is
 * given to (a virtual one).
 */
class InMemoryReplayGuardContractTest extends ReplayGuardContract {
    private final VirtualScheduler clock = Fixtures.clock();

    @Override
    protected ReplayGuard guard(Duration ttl, Duration claimTimeout) {
        ReplayGuard guard = ReplayGuard.inMemory(1_000, ttl, claimTimeout);
        Fixtures.verifier(clock).replayGuard(guard).build(); // which times it on its clock
        return guard;
    }

    @Override
    protected Instant now() {
        return clock.now();
    }

    @Override
    protected void pass(Duration duration) {
        clock.advance(duration);
    }
}
