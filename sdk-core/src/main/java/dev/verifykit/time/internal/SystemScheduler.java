package dev.verifykit.time.internal;

import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real clock, {@link Thread#sleep} and a daemon timer thread for delayed tasks.
 *
 * <p>Nothing here pins a class loader for longer than it works: the timer thread is started on the
 * first task and ends after {@link #IDLE} without one, its context class loader is the library's
 * own (not that of whichever application thread scheduled first), and each client owns a timer of
 * its own ({@link #newTimer()}), shut down by the client's {@code close()}. {@link #INSTANCE}, the
 * one {@link Scheduler#system()} returns, is never shut down but holds no thread while idle.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
    /** How long an idle timer thread waits for a task before it ends. */
    static final Duration IDLE = Duration.ofSeconds(30);

    public static final SystemScheduler INSTANCE = new SystemScheduler(IDLE);
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final ScheduledThreadPoolExecutor timer;

    SystemScheduler(Duration idle) {
        ClassLoader library = SystemScheduler.class.getClassLoader();
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, "verifykit-timer-" + COUNT.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(library);
            return thread;
        };
        // A task scheduled after close() is dropped: the client's waits have ended by then.
        timer = new ScheduledThreadPoolExecutor(1, threads, new ThreadPoolExecutor.DiscardPolicy());
        timer.setKeepAliveTime(idle.toNanos(), TimeUnit.NANOSECONDS);
        timer.allowCoreThreadTimeOut(true);
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** A timer of a client's own, to {@link #close()} with the client. */
    public static SystemScheduler newTimer() {
        return new SystemScheduler(IDLE);
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        long nanos = duration.toNanos();
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future =
                timer.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    /** Drops the tasks not yet run and lets the timer thread end; later tasks are dropped. */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Whether the timer thread has ended after {@link #close()}, waiting at most {@code timeout}. */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        return timer.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
