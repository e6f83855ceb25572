package dev.verifykit.time.internal;

import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The real clock, {@link Thread#sleep} and a daemon timer thread for delayed tasks.
 *
 * <p>Nothing here pins a class loader for longer than it works: the timer thread is started on the
 * first task and ends after {@link #IDLE} without one, its context class loader is the library's
 * own (not that of whichever application thread scheduled first), it inherits nothing else of
 * that thread (its {@link InheritableThreadLocal} values, and the access-control context Java 17
 * records: both reach the application's class loader), and each client owns a timer of
 * its own ({@link #newTimer()}), ended by the client's {@code close()}. {@link #INSTANCE}, the
 * one {@link Scheduler#system()} returns, is never shut down but holds no thread while idle.
 *
 * <p>The timer thread only starts the tasks that are due: each runs on a worker thread (pooled,
 * made as needed, ended after {@link #IDLE} without work or by {@code close()}). A task may complete
 * a future whose dependent stages, an application's own code, then run on that thread; a slow one
 * holds up that worker only, never the timer, which keeps every deadline and wait of the client.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
    /** How long an idle timer thread waits for a task before it ends. */
    static final Duration IDLE = Duration.ofSeconds(30);

    public static final SystemScheduler INSTANCE = new SystemScheduler(IDLE);
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final ThreadFactory threads;
    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor workers;
    /** The tasks scheduled and not yet run or cancelled: what close() runs at once. */
    private final Set<Once> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    SystemScheduler(Duration idle) {
        this(idle, UnaryOperator.identity());
    }

    /** @param threadsOf wraps the factory of this timer's threads (tests make some of them fail to start) */
    SystemScheduler(Duration idle, UnaryOperator<ThreadFactory> threadsOf) {
        ClassLoader library = SystemScheduler.class.getClassLoader();
        threads = threadsOf.apply(task -> {
            String name = "verifykit-timer-" + COUNT.incrementAndGet();
            Thread thread = ACCESS_CONTROL ? Privileged.thread(task, name) : thread(task, name);
            thread.setDaemon(true);
            thread.setContextClassLoader(library);
            return thread;
        });
        // After close() the executor takes nothing more; schedule() runs what it is given (see close()).
        timer = new ScheduledThreadPoolExecutor(1, threads, new ThreadPoolExecutor.DiscardPolicy());
        timer.setKeepAliveTime(idle.toNanos(), TimeUnit.NANOSECONDS);
        timer.allowCoreThreadTimeOut(true);
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, idle.toNanos(), TimeUnit.NANOSECONDS,
                new SynchronousQueue<>(), threads);
    }

    /**
     * Whether this Java has {@code AccessController} (deprecated for removal since Java 17): where it
     * has, a new thread records the access-control context of the stack that made it.
     */
    private static final boolean ACCESS_CONTROL = present("java.security.AccessController");

    /**
     * A thread that inherits nothing of the thread that made it (an application's request thread, or
     * the timer for its workers): no {@link InheritableThreadLocal} values, which Java copies into each
     * new thread, and which kept the application's class loader for as long as the shared timer ran.
     */
    private static Thread thread(Runnable task, String name) {
        return new Thread(null, task, name, 0, false);
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, null);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Threads made as privileged code: on Java 17 (not on 25) a new thread records the access-control context
     * of the stack that made it, the protection domains of the application's classes there and through
     * them its class loader, kept for as long as the thread ran; made so, it records the library's alone.
     */
    @SuppressWarnings("removal") // AccessController: only where it is (see ACCESS_CONTROL)
    private static final class Privileged {
        static Thread thread(Runnable task, String name) {
            return java.security.AccessController.doPrivileged(
                    (java.security.PrivilegedAction<Thread>) () -> SystemScheduler.thread(task, name));
        }
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

    /**
     * {@code duration} in nanoseconds, saturated at {@link Long#MAX_VALUE} (about 292 years) and
     * {@link Long#MIN_VALUE}: a scheduler takes any duration, the longest ("never") included.
     */
    public static long nanos(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds > Long.MAX_VALUE / 1_000_000_000L - 1) {
            return Long.MAX_VALUE;
        }
        if (seconds < Long.MIN_VALUE / 1_000_000_000L + 1) {
            return Long.MIN_VALUE;
        }
        return duration.toNanos();
    }

    /** {@code a + b}, saturated at {@link Long#MAX_VALUE} and {@link Long#MIN_VALUE}. */
    public static long plus(long a, long b) {
        long sum = a + b;
        // overflow when both have the sign the sum lost
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        long nanos = nanos(duration);
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Once once = new Once(task);
        pending.add(once);
        ScheduledFuture<?> future;
        try {
            future = timer.schedule(() -> start(once), Math.max(0, nanos(delay)), TimeUnit.NANOSECONDS);
        } catch (RuntimeException | Error e) {
            // the timer thread could not start (OutOfMemoryError: unable to create native thread): the
            // executor keeps the task queued for its next thread, but the caller is told it was not set
            once.cancel();
            throw e;
        }
        if (closed) {
            runPendingNow(); // closed meanwhile: the executor dropped it
        }
        return () -> {
            once.cancel();
            future.cancel(false);
        };
    }

    /**
     * Runs a due task on a worker; on this thread when none can be had: closed meanwhile (it finds its
     * client closed), or a worker's thread that could not start ({@code OutOfMemoryError: unable to
     * create native thread}; the executor's future would keep the error, and the task be lost).
     */
    private void start(Once task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException | Error noWorker) {
            task.run();
        }
    }

    /**
     * Ends the timer thread and the idle workers (a worker running a task ends after it). The tasks
     * not yet run, and any scheduled later, run at once on a short-lived thread (on the calling one
     * when none can be started) instead of at their time: they belong to a closed client, whose
     * waits and retries find it closed and end (rather than wait forever for a task that never runs).
     */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        workers.shutdown();
        runPendingNow();
    }

    private void runPendingNow() {
        List<Once> tasks = new ArrayList<>(pending);
        pending.removeAll(tasks);
        if (tasks.isEmpty()) {
            return;
        }
        Runnable runAll = () -> {
            for (Once task : tasks) {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    // as on the timer thread, where the executor's future keeps it: the others still run
                }
            }
        };
        try {
            threads.newThread(runAll).start();
        } catch (RuntimeException | Error noThread) {
            // no thread could be started (OutOfMemoryError: unable to create native thread): on this one,
            // rather than never (the closed client's waits would wait for them for good)
            runAll.run();
        }
    }

    /** A task that runs at most once, whichever of the timer and close() comes first, and never after cancel. */
    private final class Once implements Runnable {
        private final Runnable task;
        private final AtomicBoolean done = new AtomicBoolean();

        Once(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            pending.remove(this);
            if (done.compareAndSet(false, true)) {
                task.run();
            }
        }

        void cancel() {
            done.set(true);
            pending.remove(this);
        }
    }

    /** Whether the timer thread and its workers have ended after {@link #close()}, waiting at most {@code timeout}. */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        return timer.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)
                && workers.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
