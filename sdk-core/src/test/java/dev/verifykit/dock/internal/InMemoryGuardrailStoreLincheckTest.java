package dev.verifykit.dock.internal;

import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.dock.GuardrailStore.CreateRules;
import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link GuardrailStore#inMemory}: "Implementations are thread-safe, each method one atomic step on
 * the shared state". Lincheck runs reads of a session and creates of its account from several
 * threads, the virtual clock stepped between them, and checks every history against the store run
 * one call at a time: a read started beside another in flight, inside the minimum interval or past
 * the cap, or a create past the bucket, would answer differently from any such order. (Public:
 * Lincheck makes an instance per run, the sequential one too.)
 */
public class InMemoryGuardrailStoreLincheckTest {
    private static final String ACCOUNT = "account-hash";
    private static final String SESSION = "ses_1";
    private static final ReadRules READS = ReadRules.of(Duration.ofSeconds(2), 3, Duration.ofSeconds(10), Duration.ofHours(1));
    private static final CreateRules CREATES = CreateRules.of(2, Duration.ofSeconds(10), Duration.ofSeconds(30));

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
    private final GuardrailStore store = GuardrailStore.inMemory(time);

    /** What the store answered, as a value (the answer's own class has no equality). */
    @Operation
    public String startRead() {
        return store.startRead(ACCOUNT, SESSION, READS, GuardrailStore.NO_DEADLINE).toString();
    }

    /** The end of read {@code read} (its ids are the reads' numbers), {@code ago} seconds back. */
    @Operation
    public void readArrived(@Param(gen = IntGen.class, conf = "1:3") int read, @Param(gen = IntGen.class, conf = "0:1") int ago) {
        store.readArrived(ACCOUNT, SESSION, Integer.toString(read), Duration.ofSeconds(ago), GuardrailStore.NO_DEADLINE);
    }

    @Operation
    public String startCreate(@Param(gen = IntGen.class, conf = "1:3") int create) {
        GuardrailStore.CreateStart start = store.tryStartCreate(ACCOUNT, "create-" + create, CREATES, GuardrailStore.NO_DEADLINE);
        return start.kind() + " " + start.retryAfter();
    }

    @Operation
    public void createArrived(@Param(gen = IntGen.class, conf = "1:3") int create) {
        store.createArrived(ACCOUNT, "create-" + create, CREATES, GuardrailStore.NO_DEADLINE);
    }

    /** Time passing, in one step ({@code sleep}; see {@link CreateBucketLincheckTest#pass}). */
    @Operation
    public void pass(@Param(gen = IntGen.class, conf = "1:11") int seconds) throws InterruptedException {
        time.sleep(Duration.ofSeconds(seconds));
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // the checker's work, not a wait: slower on a loaded machine, not a hang
    void modelChecking() {
        new ModelCheckingOptions().iterations(8).invocationsPerIteration(100).threads(2).actorsPerThread(3)
                .actorsBefore(2).actorsAfter(1).check(getClass());
    }
}
