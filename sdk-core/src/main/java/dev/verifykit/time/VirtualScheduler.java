package dev.verifykit.time;

import dev.verifykit.time.internal.SystemScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} in virtual time, for tests: nothing really sleeps, and every sleep and delay
 * asked for is recorded so a test can assert the backoff a client chose.
 *
 * <p>{@link #sleep} advances the clock at once. Delayed tasks either wait for {@link #advance}
 * ({@link #manual}) or run in due order on a helper thread, the clock jumping to each task's due
 * time ({@link #autoAdvancing}), which suits a client driving real HTTP calls.
 *
 * <pre>{@code
 * VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
 * DokaiClient dokai = DokaiClient.builder().apiKey(key).scheduler(time).build();
 * // ... an awaitResult answered "pending" twice, then with its outcome
 * assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3));
 * }</pre>
 *
 * <p>A retry's wait has jitter (up to the {@code RetryPolicy}'s {@code baseDelay} past a
 * {@code Retry-After}, or drawn below its backoff): assert a range, or give the policy a seeded
 * {@code random(…)}.
 */
public final class VirtualScheduler implements Scheduler {
    private final Instant origin;
    private final boolean autoAdvance;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private final ThreadPoolExecutor runner;
    private long elapsedNanos;
    private long sequence;

    private VirtualScheduler(Instant origin, boolean autoAdvance) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.autoAdvance = autoAdvance;
        this.runner = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "verifykit-virtual-time");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Virtual time starting at {@code origin}; delayed tasks run only when {@link #advance} is called. */
    public static VirtualScheduler manual(Instant origin) {
        return new VirtualScheduler(origin, false);
    }

    /** Virtual time starting at {@code origin}; delayed tasks run at once, in due order, the clock jumping ahead. */
    public static VirtualScheduler autoAdvancing(Instant origin) {
        return new VirtualScheduler(origin, true);
    }

    @Override
    public synchronized Instant now() {
        return origin.plusNanos(elapsedNanos);
    }

    @Override
    public synchronized long nanoTime() {
        return elapsedNanos;
    }

    /** Records the sleep and moves the clock forward by it, without blocking. */
    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        synchronized (this) {
            sleeps.add(duration);
            elapsedNanos = SystemScheduler.plus(elapsedNanos, Math.max(0, SystemScheduler.nanos(duration)));
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Task entry;
        synchronized (this) {
            delays.add(delay);
            entry = new Task(SystemScheduler.plus(elapsedNanos, Math.max(0, SystemScheduler.nanos(delay))), sequence++, task);
            tasks.add(entry);
        }
        if (autoAdvance) {
            runner.execute(this::runEarliest);
        }
        return entry::cancel;
    }

    /** Moves the clock forward, running every task that falls due on the calling thread, in order. */
    public void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = SystemScheduler.plus(elapsedNanos, SystemScheduler.nanos(duration)); // the longest: as far as it counts
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    elapsedNanos = Math.max(elapsedNanos, target);
                    return;
                }
                tasks.poll();
                elapsedNanos = Math.max(elapsedNanos, next.due);
            }
            next.run();
        }
    }

    /** Every duration passed to {@link #sleep}, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Every delay passed to {@link #schedule}, in order. */
    public synchronized List<Duration> scheduledDelays() {
        return List.copyOf(delays);
    }

    /** The sum of every sleep and scheduled delay asked for so far, at most the longest {@link Duration}. */
    public synchronized Duration totalWaited() {
        Duration total = Duration.ZERO;
        for (List<Duration> asked : List.of(sleeps, delays)) {
            for (Duration d : asked) {
                try {
                    total = total.plus(d);
                } catch (ArithmeticException pastTheLongest) { // a delay of the longest ("never") and another
                    return ChronoUnit.FOREVER.getDuration();
                }
            }
        }
        return total;
    }

    /** Tasks scheduled but not yet run or cancelled. */
    public synchronized int pendingTasks() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }

    private void runEarliest() {
        Task next;
        synchronized (this) {
            next = tasks.poll();
            if (next == null) {
                return;
            }
            elapsedNanos = Math.max(elapsedNanos, next.due);
        }
        next.run();
    }

    private static final class Task implements Comparable<Task> {
        final long due;
        final long order;
        final Runnable body;
        volatile boolean cancelled;

        Task(long due, long order, Runnable body) {
            this.due = due;
            this.order = order;
            this.body = body;
        }

        void cancel() {
            cancelled = true;
        }

        void run() {
            if (!cancelled) {
                body.run();
            }
        }

        @Override
        public int compareTo(Task other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(order, other.order);
        }
    }
}
