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
    /**
     * Clients leasing reads for different times share the store (their call timeouts differ): the
     * session's state was kept with the first reader's lease, so a shorter-lease client's read, then
     * a long-lease client's read in flight, were followed by the short-lease client's next read as
     * soon as the <em>short</em> lease passed, beside the long-lease read still allowed to leave.
     * The Redis store keeps each read's own lease ({@code RedisStoreTest.aShortLeaseDoesNotEndAnotherInstancesReadInFlight}).
     */
    @Test
    void aShortLeaseDoesNotEndAnotherClientsReadInFlight() {
        GuardrailStore store = store();
        GuardrailStore.ReadRules shortLease = GuardrailStore.ReadRules.of(Duration.ZERO, 60, Duration.ofMinutes(2), Duration.ofHours(1));
        GuardrailStore.ReadRules longLease = GuardrailStore.ReadRules.of(Duration.ZERO, 60, Duration.ofHours(1), Duration.ofHours(1));
        GuardrailStore.ReadStart first = store.startRead("acct", "vsn_A1", shortLease);
        store.readArrived("acct", "vsn_A1", first.readId(), Duration.ZERO);
        assertThat(store.startRead("acct", "vsn_A1", longLease).kind()).isEqualTo(GuardrailStore.ReadStart.Kind.STARTED);
        pass(Duration.ofMinutes(3));

        assertThat(store.startRead("acct", "vsn_A1", shortLease).kind()).as("the hour-long read still in flight")
                .isEqualTo(GuardrailStore.ReadStart.Kind.WAIT);
    }

    @Override
    protected boolean tellsAWaitBehindAReadInFlight() {
        return true;
    }
}
