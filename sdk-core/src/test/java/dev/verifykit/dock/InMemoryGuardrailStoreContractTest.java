package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.testing.GuardrailStoreContract;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

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

    @Test
    void accountAndSessionAreKeptApartEvenWhenTheyHoldASlash() {
        GuardrailStore store = store();
        GuardrailStore.ReadRules rules = GuardrailStore.ReadRules.of(Duration.ofHours(1), 60, Duration.ofHours(1),
                Duration.ofHours(1));
        assertThat(store.startRead("a/b", "c", rules).kind()).isEqualTo(GuardrailStore.ReadStart.Kind.STARTED);
        assertThat(store.startRead("a", "b/c", rules).kind()).as("another account's session, though joined they read alike")
                .isEqualTo(GuardrailStore.ReadStart.Kind.STARTED);
    }
}
