package dev.verifykit.webhook.internal;

import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import dev.verifykit.webhook.ReplayGuard;
import java.time.Duration;

/**
 * Keeps a webhook delivery's claim while its handler runs: extends it every third of the guard's
 * claim timeout on the scheduler's timer, until closed or for {@link #LONGEST} at the most. No
 * extension starts after {@link #close()} returns, so the claim is committed or released with
 * nothing of the keeper's in flight.
 */
public final class ClaimKeeper implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.verifykit.webhook");
    /**
     * How long a claim is kept at the most: a Dokai session's lifetime, after which no copy of its
     * deliveries comes. It also bounds the extensions on a scheduler whose clock jumps to each task
     * (a test's auto-advancing virtual time), which would otherwise run them without end.
     */
    static final Duration LONGEST = Duration.ofHours(24);

    private final ReplayGuard guard;
    private final ReplayGuard.Claim claim;
    private final Scheduler scheduler;
    private final Duration every;
    private final long until;
    private Cancellable next; // guarded by this
    private boolean closed; // guarded by this

    private ClaimKeeper(ReplayGuard guard, ReplayGuard.Claim claim, Scheduler scheduler, Duration every) {
        this.guard = guard;
        this.claim = claim;
        this.scheduler = scheduler;
        this.every = every;
        this.until = scheduler.nanoTime() + LONGEST.toNanos();
    }

    /** Starts extending {@code claim}, unless the guard does not extend claims (its claim timeout is zero). */
    public static ClaimKeeper keep(ReplayGuard guard, ReplayGuard.Claim claim, Scheduler scheduler) {
        Duration timeout = guard.claimTimeout();
        boolean extending = timeout != null && !timeout.isNegative() && !timeout.isZero();
        Duration every = extending ? timeout.dividedBy(3) : Duration.ZERO;
        ClaimKeeper keeper = new ClaimKeeper(guard, claim, scheduler, every.isZero() ? Duration.ofNanos(1) : every);
        if (extending) {
            keeper.scheduleNext();
        }
        return keeper;
    }

    private synchronized void scheduleNext() {
        if (!closed && scheduler.nanoTime() - until < 0) {
            next = scheduler.schedule(every, this::extend);
        }
    }

    private synchronized void extend() {
        if (closed) {
            return;
        }
        try {
            guard.extend(claim, scheduler.now());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the replay guard could not extend the claim on a webhook event ("
                    + claim.deliveryKey() + "); if the handler outlasts the claim, a copy may be handled beside it", e);
        }
        scheduleNext();
    }

    /** Stops extending; waits for an extension in progress. */
    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) {
            next.cancel();
        }
    }
}
