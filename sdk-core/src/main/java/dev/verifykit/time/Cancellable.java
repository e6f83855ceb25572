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
    /** Prevents the task from running if it has not started. Idempotent. */
    void cancel();
}
