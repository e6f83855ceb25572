package dev.verifykit.time;

/**
 * A task scheduled on a {@link Scheduler} that has not run yet can be cancelled.
 *
 * <pre>{@code
 * Cancellable reminder = scheduler.schedule(Duration.ofSeconds(2), this::poll);
 * reminder.cancel();
 * }</pre>
 */
@FunctionalInterface
public interface Cancellable {
    /**
     * Prevents the task from running if it has not started. Idempotent. Returns without waiting for
     * a task that has started (as {@code ScheduledFuture.cancel(false)} does): a client may cancel a
     * task while holding what that task waits for.
     */
    void cancel();
}
