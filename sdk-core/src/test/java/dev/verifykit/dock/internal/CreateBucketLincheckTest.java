package dev.verifykit.dock.internal;

import dev.verifykit.dock.GuardrailStore.CreateStart;
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
 * {@link CreateBucket} is "thread-safe", each method one atomic step on the bucket (the
 * {@link dev.verifykit.dock.GuardrailStore} contract it serves): Lincheck runs its operations from
 * several threads, with the virtual clock stepped between them, and checks every history it sees
 * against the bucket run one operation at a time. A create holding a token twice, or a token taken
 * and freed at once, would answer a later start differently from any such order. (Public: Lincheck
 * makes an instance per run, the sequential one too.)
 */
@Param(name = "id", gen = IntGen.class, conf = "1:3")
public class CreateBucketLincheckTest {
    private static final Duration REFILL = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
    private final CreateBucket bucket = new CreateBucket(time, 2, REFILL);

    /** What a start answered, as a value (the answer's own class has no equality). */
    @Operation
    public String start(@Param(name = "id") int id) {
        CreateStart start = bucket.start("create-" + id, LEASE);
        return start.kind() + " " + start.retryAfter();
    }

    @Operation
    public void arrived(@Param(name = "id") int id) {
        bucket.arrived("create-" + id);
    }

    @Operation
    public void uncounted(@Param(name = "id") int id) {
        bucket.uncounted("create-" + id);
    }

    @Operation
    public void refused() {
        bucket.refused(Duration.ofSeconds(5));
    }

    /**
     * Time passing: a refill's part, or a whole lease (leases ending count as arrivals). Through
     * {@code sleep}, which moves the clock in one step: two {@code advance} calls at once can add up
     * to the longer one only (each counts from the time it read first).
     */
    @Operation
    public void pass(@Param(gen = IntGen.class, conf = "4:31") int seconds) throws InterruptedException {
        time.sleep(Duration.ofSeconds(seconds));
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // the checker's work, not a wait: slower on a loaded machine, not a hang
    void modelChecking() {
        new ModelCheckingOptions().iterations(8).invocationsPerIteration(150).threads(2).actorsPerThread(3)
                .actorsBefore(2).actorsAfter(1).check(getClass());
    }
}
