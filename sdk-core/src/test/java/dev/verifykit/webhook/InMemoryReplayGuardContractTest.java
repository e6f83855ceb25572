package dev.verifykit.webhook;

import dev.verifykit.testing.ReplayGuardContract;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;

/** {@link ReplayGuard#inMemory} keeps the guard contract, on the verifier's (virtual) clock. */
class InMemoryReplayGuardContractTest extends ReplayGuardContract {
    private final VirtualScheduler clock = Fixtures.clock();

    @Override
    protected ReplayGuard guard(Duration ttl, Duration claimTimeout) {
        return ReplayGuard.inMemory(1_000, ttl, claimTimeout);
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
