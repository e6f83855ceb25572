package dev.verifykit.time;

import dev.verifykit.time.internal.SystemScheduler;
import java.time.Duration;
import java.time.Instant;

/**
 * The clock, sleeps and delayed tasks of a VerifyKit client. The default is
 * {@link #system()}; tests pass a {@link VirtualScheduler} so that no test really sleeps.
 *
 * <pre>{@code
 * VirtualScheduler time = VirtualScheduler.autoAdvancing(Instant.parse("2026-01-01T00:00:00Z"));
 * DockClient dock = DockClient.builder().apiKey(key).scheduler(time).build();
 * }</pre>
 *
 * <p>Implementations are thread-safe. Delayed tasks must be short: they only start the next
 * step of a wait (an HTTP call, which runs elsewhere).
 */
public interface Scheduler {
    /**
     * The real clock and a daemon timer thread. A client built with this scheduler (the default)
     * runs its delayed tasks on a timer of its own, which its {@code close()} shuts down, so no
     * VerifyKit thread outlives the clients of an undeployed application. The timer of this shared
     * instance starts with its first task and ends after 30 s without one.
     */
    static Scheduler system() {
        return SystemScheduler.INSTANCE;
    }

    /** The current wall-clock time. */
    Instant now();

    /**
     * The current wall-clock time in milliseconds since the epoch, for checks that need no finer
     * reading; {@code now().toEpochMilli()} unless an implementation has a cheaper one (the system
     * scheduler reads {@link System#currentTimeMillis()}).
     */
    default long currentTimeMillis() {
        return now().toEpochMilli();
    }

    /** A monotonic reading in nanoseconds, for measuring intervals. */
    long nanoTime();

    /**
     * Blocks the calling thread for the duration.
     *
     * @throws InterruptedException when the thread is interrupted while sleeping
     */
    void sleep(Duration duration) throws InterruptedException;

    /** Runs the task once after the delay, without blocking the caller. */
    Cancellable schedule(Duration delay, Runnable task);
}
