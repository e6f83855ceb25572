package dev.verifykit.dock;

import dev.verifykit.testing.GuardrailStoreContract;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;

/** {@link GuardrailStore#inMemory} keeps the store contract, on virtual time. */
class InMemoryGuardrailStoreContractTest extends GuardrailStoreContract {
    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));

    @Override
    protected GuardrailStore store() {
        return GuardrailStore.inMemory(time);
    }

    @Override
    protected void pass(Duration duration) {
        time.advance(duration);
    }
}
