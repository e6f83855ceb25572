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
 * Nothing of the guard's or the scheduler's failing here (an {@link Error} included) is thrown: it is
 * logged, and an extension that failed is followed by the next; the keeper never fails the handler it
 * keeps the claim of.
 */
public final class ClaimKeeper implements AutoCloseable {
    /**
     * How long a claim is kept at the most: a Dokai session's lifetime, after which no copy of its
     * deliveries comes. It also bounds the extensions on a scheduler whose clock jumps to each task
     * (a test's auto-advancing virtual time), which would otherwise run them without end.
     */
    static final Duration LONGEST = Duration.ofHours(24);
    /** The shortest time between two extensions of a claim. */
    static final Duration SHORTEST = Duration.ofMillis(1);

    private final ReplayGuard guard;
    private final ReplayGuard.Claim claim;
    private final Scheduler scheduler;
    private Duration every; // guarded by this
    private long until; // guarded by this; the scheduler's nanoTime after which no extension is scheduled
    private long due; // guarded by this; the scheduler's nanoTime the next extension is scheduled for
    private Cancellable next; // guarded by this
    private boolean closed; // guarded by this
    /** Whether an extension failed already (logged at DEBUG after the first). */
    private boolean extendFailed; // guarded by this

    private ClaimKeeper(ReplayGuard guard, ReplayGuard.Claim claim, Scheduler scheduler) {
        this.guard = guard;
        this.claim = claim;
        this.scheduler = scheduler;
    }

    /**
     * Starts extending {@code claim}, unless the guard does not extend claims (its claim timeout is
     * zero). Never throws: when the guard or the scheduler fails here (an {@link Error} included),
     * the claim is not extended, and that is logged.
     */
    public static ClaimKeeper keep(ReplayGuard guard, ReplayGuard.Claim claim, Scheduler scheduler) {
        ClaimKeeper keeper = new ClaimKeeper(guard, claim, scheduler);
        try {
            Duration timeout = guard.claimTimeout();
            if (timeout != null && !timeout.isNegative() && !timeout.isZero()) {
                // a guard of yours with a timeout under 3 ms is extended every millisecond, not in a hot loop
                Duration third = timeout.dividedBy(3);
                keeper.start(third.compareTo(SHORTEST) < 0 ? SHORTEST : third, scheduler.nanoTime() + LONGEST.toNanos());
            }
        } catch (Throwable t) {
            WebhookLog.failed("the claim on a webhook event (" + DokaiEvents.shown(claim.deliveryKey())
                    + ") will not be extended while its handler runs", t);
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

    /**
     * Extends the claim and schedules the next extension. Runs on the scheduler's timer, where a
     * throwable would reach no caller: one extension failing (an {@link Error} of the guard's
     * included) is logged and the next one is scheduled all the same, so that the claim does not
     * expire while the handler runs.
     */
    private synchronized void extend() {
        if (closed) {
            return;
        }
        try {
            guard.extend(claim, scheduler.now());
        } catch (Throwable t) {
            String what = "the replay guard could not extend the claim on a webhook event ("
                    + DokaiEvents.shown(claim.deliveryKey()) + "); if the handler outlasts the claim, a copy may be handled"
                    + " beside it";
            if (extendFailed) {
                WebhookLog.again(what, t); // once a claim at WARNING or ERROR: a guard failing for good would log every third of its timeout
            } else {
                extendFailed = true;
                WebhookLog.failed(what, t);
            }
        }
        try {
            if (scheduler.nanoTime() - (due - every.toNanos() / 2) < 0) {
                // Run long before its time: the scheduler's timer was closed (a closed timer runs each task
                // at once), and scheduling again would extend without end while the handler runs. A timer
                // a little early (one given whole milliseconds, rounded down) is not taken for closed.
                WebhookLog.warn("the claim on a webhook event (" + DokaiEvents.shown(claim.deliveryKey())
                        + ") will not be extended again while its handler runs: the webhook endpoint's timer was closed");
                return;
            }
            scheduleNext();
        } catch (Throwable t) {
            WebhookLog.failed("the claim on a webhook event (" + DokaiEvents.shown(claim.deliveryKey())
                    + ") will not be extended again while its handler runs", t);
        }
    }

    /**
     * Stops extending; waits for an extension in progress. Never throws: the scheduler failing to
     * cancel the next extension (its {@code Cancellable.cancel()} throwing) is logged, and that
     * extension, should it still run, does nothing, the keeper being closed. The extension is
     * cancelled out of the keeper's lock: a scheduler whose {@code cancel()} waits for a task that
     * started waited on an extension waiting for that lock, for good.
     */
    @Override
    public void close() {
        Cancellable pending;
        synchronized (this) {
            closed = true;
            pending = next;
        }
        if (pending != null) {
            try {
                pending.cancel();
            } catch (Throwable t) {
                WebhookLog.failed("the webhook endpoint's scheduler could not cancel the next extension of the claim on"
                        + " a webhook event (" + DokaiEvents.shown(claim.deliveryKey()) + "); it will do nothing", t);
            }
        }
    }
}
