package dev.verifykit.webhook.internal;

import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import dev.verifykit.webhook.ReplayGuard;
import java.time.Duration;

/**
 * Keeps a webhook delivery's claim while its handler runs: extends it every third of the guard's
 * claim timeout on the scheduler's timer, until closed or for {@link #LONGEST} at the most. No
 * extension starts after {@link #close()} returns, so the claim is committed or released with
 * nothing of the keeper's in flight. When the timer itself is closed (the endpoint is shut down
 * while a handler still runs), the claim is extended once more and then left to its timeout.
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
    private Duration every; // guarded by this
    private long until; // guarded by this; the scheduler's nanoTime after which no extension is scheduled
    private long due; // guarded by this; the scheduler's nanoTime the next extension is scheduled for
    private Cancellable next; // guarded by this
    private boolean closed; // guarded by this

    private ClaimKeeper(ReplayGuard guard, ReplayGuard.Claim claim, Scheduler scheduler) {
        this.guard = guard;
        this.claim = claim;
        this.scheduler = scheduler;
    }

    /**
     * Starts extending {@code claim}, unless the guard does not extend claims (its claim timeout is
     * zero). Never throws: when the guard or the scheduler fails here, the claim is not extended,
     * and that is logged.
     */
    public static ClaimKeeper keep(ReplayGuard guard, ReplayGuard.Claim claim, Scheduler scheduler) {
        ClaimKeeper keeper = new ClaimKeeper(guard, claim, scheduler);
        try {
            Duration timeout = guard.claimTimeout();
            if (timeout != null && !timeout.isNegative() && !timeout.isZero()) {
                Duration third = timeout.dividedBy(3);
                keeper.start(third.isZero() ? Duration.ofNanos(1) : third, scheduler.nanoTime() + LONGEST.toNanos());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the claim on a webhook event (" + DokaiEvents.shown(claim.deliveryKey())
                    + ") will not be extended while its handler runs", e);
        }
        return keeper;
    }

    private synchronized void start(Duration every, long until) {
        this.every = every;
        this.until = until;
        scheduleNext();
    }

    private synchronized void scheduleNext() {
        long now = scheduler.nanoTime();
        if (!closed && now - until < 0) {
            due = now + every.toNanos();
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
                    + DokaiEvents.shown(claim.deliveryKey()) + "); if the handler outlasts the claim, a copy may be handled"
                    + " beside it", e);
        }
        if (scheduler.nanoTime() - due < 0) {
            // Run before its time: the scheduler's timer was closed (a closed timer runs each task at
            // once), and scheduling again would extend without end while the handler runs.
            LOG.log(System.Logger.Level.WARNING, "the claim on a webhook event (" + DokaiEvents.shown(claim.deliveryKey())
                    + ") will not be extended again while its handler runs: the webhook endpoint's timer was closed");
            return;
        }
        try {
            scheduleNext();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the claim on a webhook event (" + DokaiEvents.shown(claim.deliveryKey())
                    + ") will not be extended again while its handler runs", e);
        }
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
