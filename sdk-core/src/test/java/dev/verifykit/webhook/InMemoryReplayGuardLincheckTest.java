package dev.verifykit.webhook;

import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.ReplayGuard.Claim;
import dev.verifykit.webhook.internal.InMemoryReplayGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ReplayGuard#inMemory}: "Implementations must be thread-safe, each method one atomic step".
 * Lincheck runs claims, commits, releases and extensions of three deliveries in a guard of two
 * entries from several threads, its monotonic (virtual) clock stepped past the claim timeout between
 * them, and checks every history against the guard run one call at a time: a delivery claimed twice,
 * or a commit or release lost, answers a later claim differently from any such order. (Public:
 * Lincheck makes an instance per run, the sequential one too.)
 */
@Param(name = "key", gen = IntGen.class, conf = "1:3")
public class InMemoryReplayGuardLincheckTest {
    private final VirtualScheduler clock = Fixtures.clock();
    private final ReplayGuard guard = InMemoryReplayGuard.timedBy(
            ReplayGuard.inMemory(2, Duration.ofSeconds(20), Duration.ofSeconds(3)), clock);
    /** Each key's last claim won, the one its commit, release and extension are of. */
    private final Map<String, Claim> won = new ConcurrentHashMap<>();
    /**
     * Claims (read lock: they race each other) against the uses of a won claim and the clock's steps
     * (write lock): a claim is won and noted here in one step of the harness, so that a commit,
     * release or extension never misses a claim the guard already gave, and two claims of a key won
     * (one after the other's expiry) are never noted in the other order, histories no sequential run
     * has. The races of a release or a commit with other claims are
     * {@link InMemoryReplayGuardInvariantTest}'s.
     */
    private final ReadWriteLock handOver = new ReentrantReadWriteLock();

    /** What the claim gave, as a value: its kind, and for one in progress the time left (tokens are random). */
    @Operation
    public String claim(@Param(name = "key") int key) {
        handOver.readLock().lock();
        try {
            Claim claim = guard.claim("delivery-" + key, clock.now());
            if (claim.kind() == Claim.Kind.CLAIMED) {
                won.put(claim.deliveryKey(), claim);
            }
            return claim.kind() + " " + claim.retryAfter();
        } finally {
            handOver.readLock().unlock();
        }
    }

    @Operation
    public void commit(@Param(name = "key") int key) {
        withWon(key, claim -> guard.commit(claim, clock.now()));
    }

    @Operation
    public void release(@Param(name = "key") int key) {
        withWon(key, guard::release);
    }

    @Operation
    public void extend(@Param(name = "key") int key) {
        withWon(key, claim -> guard.extend(claim, clock.now()));
    }

    /** Runs {@code use} on {@code key}'s last claim won, if any, alone (no claim, use or clock step beside it). */
    private void withWon(int key, Consumer<Claim> use) {
        handOver.writeLock().lock();
        try {
            Claim claim = won.get("delivery-" + key);
            if (claim != null) {
                use.accept(claim);
            }
        } finally {
            handOver.writeLock().unlock();
        }
    }

    /** Time passing in one step ({@code sleep}): a part of the claim timeout, or past it. */
    @Operation
    public void pass(@Param(gen = IntGen.class, conf = "1:4") int seconds) throws InterruptedException {
        handOver.writeLock().lock();
        try {
            clock.sleep(Duration.ofSeconds(seconds));
        } finally {
            handOver.writeLock().unlock();
        }
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // the checker's work, not a wait: slower on a loaded machine, not a hang
    void modelChecking() {
        new ModelCheckingOptions().iterations(5).invocationsPerIteration(150).threads(2).actorsPerThread(3)
                .actorsBefore(2).actorsAfter(1).check(getClass());
    }
}
