package dev.verifykit.http.internal;

import dev.verifykit.internal.Unexpected;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;

/**
 * Cancels the blocking attempts that pass their time limit: OkHttp's call timeout, without its
 * cost on every call.
 *
 * <p>OkHttp's call timeout is an Okio {@code AsyncTimeout}: each call enters it at its head, which
 * wakes Okio's watchdog thread, and on two cores that wake-up was about 6 % of a loopback read
 * (BENCHMARKS.md). Here an attempt only joins a set ordered by deadline; one timer task is
 * scheduled for the earliest deadline, and a new attempt reschedules it only when its deadline is
 * earlier still (with the usual equal limits, a later attempt's deadline is later). An attempt
 * that ends leaves the set; the timer task finds what is left, cancels what has passed its limit
 * and waits for the next.
 *
 * <p>An asynchronous call is watched too when its call has a timeout, from the moment it is queued:
 * OkHttp's own limit only starts when the dispatcher runs it, so a call queued behind others (all
 * of {@code maxConcurrentWaits} taken) would otherwise outlive its deadline by their holds. Its
 * watch also tells the call's owner, which ends the call at once, queued or not.
 *
 * <p>A blocking attempt also ends when its thread is interrupted: a socket read on a platform
 * thread does not see an interrupt, so a long-poll held for 25 s would keep an interrupted thread
 * (an executor's {@code shutdownNow()}) that long. While blocking attempts are watched, the timer
 * also wakes every {@link #INTERRUPT_CHECK} and cancels those whose thread is interrupted.
 *
 * <p>The scheduler is real time (the client's own timer, or the shared system one): a limit is
 * the time an attempt may take on the network, as OkHttp's was. Closing cancels every attempt
 * still watched and, at once, any watched later (telling no owner: closing has its own path).
 */
final class AttemptDeadlines implements AutoCloseable {
    /** How often the threads of blocking attempts are checked for an interrupt while any is watched. */
    static final Duration INTERRUPT_CHECK = Duration.ofMillis(100);

    private final Scheduler timer;
    private final long origin;
    private final AtomicLong sequence = new AtomicLong();
    /** The attempts under watch, earliest deadline first (a map for its {@code firstEntry()}). */
    private final ConcurrentSkipListMap<Watch, Boolean> watches = new ConcurrentSkipListMap<>();
    /** The blocking attempts among them, whose threads are checked for an interrupt. */
    private final Set<Watch> blocking = ConcurrentHashMap.newKeySet();
    /** The deadline the timer task is scheduled for, {@code Long.MAX_VALUE} when none; relative to {@link #origin}. */
    private volatile long wakeAt = Long.MAX_VALUE;
    private Cancellable scheduled; // guarded by this
    private volatile boolean closed;

    AttemptDeadlines(Scheduler timer) {
        this.timer = timer;
        this.origin = timer.nanoTime();
    }

    /**
     * Watches {@code call} for {@code nanos} from now; close the returned watch when the attempt
     * is over (its body read), whatever the outcome.
     */
    Watch watch(Call call, long nanos) {
        return watch(call, nanos, null);
    }

    /**
     * Watches the blocking attempt {@code call}, made on the calling thread, for {@code nanos} from
     * now, and for an interrupt of its thread; close the returned watch when the attempt is over
     * (its body read), whatever the outcome.
     */
    Watch watchBlocking(Call call, long nanos) {
        Watch watch = new Watch(call, null, now() + nanos, sequence.incrementAndGet(), Thread.currentThread());
        blocking.add(watch);
        add(watch);
        long check = now() + INTERRUPT_CHECK.toNanos();
        if (check < wakeAt) { // read after the add: see check()
            wakeBy(check);
        }
        return watch;
    }

    /**
     * {@link #watch(Call, long)}, and {@code onTimeout} is run after the call is cancelled for passing
     * its limit (by the timer task, once it has scheduled the next limit).
     */
    Watch watch(Call call, long nanos, Runnable onTimeout) {
        Watch watch = new Watch(call, onTimeout, now() + nanos, sequence.incrementAndGet(), null);
        add(watch);
        return watch;
    }

    private void add(Watch watch) {
        watches.put(watch, Boolean.TRUE);
        if (closed) {
            watch.expire(false);
        } else if (watch.at < wakeAt) { // read after the add: see check()
            wakeBy(watch.at);
        }
    }

    /**
     * Cancels every attempt still watched, and those watched later. A cancel that throws (an
     * {@code EventListener} of the application's {@code OkHttpClient} failing in {@code canceled})
     * does not leave the other attempts running: each is cancelled, and the first throwable is
     * thrown once all were.
     */
    @Override
    public void close() {
        closed = true;
        Cancellable pending;
        synchronized (this) {
            pending = scheduled;
            scheduled = null;
            wakeAt = Long.MIN_VALUE;
        }
        Throwable failed = null;
        if (pending != null) {
            try {
                pending.cancel();
            } catch (Throwable e) {
                failed = e;
            }
        }
        for (Map.Entry<Watch, Boolean> left; (left = watches.pollFirstEntry()) != null; ) {
            try {
                left.getKey().expire(false);
            } catch (Throwable e) {
                failed = Unexpected.kept(failed, e);
            }
        }
        blocking.clear();
        Unexpected.throwAsIs(failed);
    }

    private long now() {
        return timer.nanoTime() - origin;
    }

    private synchronized void wakeBy(long at) {
        if (closed || at >= wakeAt) {
            return;
        }
        if (scheduled != null) {
            scheduled.cancel();
        }
        wakeAt = at;
        scheduled = timer.schedule(Duration.ofNanos(Math.max(0, at - now())), this::check);
    }

    /**
     * The timer task: cancels what has passed its limit or whose thread is interrupted, schedules
     * itself for the next limit (or interrupt check), and only then tells the owners, whose handling
     * (a wait's end, and what an application chained on it) may take long: the next limits are kept
     * meanwhile.
     */
    private void check() {
        long now = now();
        List<Watch> passed = new ArrayList<>();
        // A cancel that throws (the application's OkHttp EventListener failing in canceled()) cuts no
        // other attempt short and leaves the timer scheduled: thrown out of here, it ended this task,
        // which was never scheduled again, and no later attempt of the client was held to its limit.
        Throwable failed = null;
        Watch first;
        while ((first = first()) != null && first.at <= now) {
            if (watches.remove(first) != null) {
                passed.add(first); // its owner told all the same: its call is cancelled before the listener hears of it
                try {
                    first.expire(true);
                } catch (Throwable e) {
                    failed = Unexpected.kept(failed, e);
                }
            }
        }
        for (Watch watch : blocking) {
            if (watch.thread.isInterrupted() && watches.remove(watch) != null) {
                blocking.remove(watch);
                try {
                    watch.interrupt();
                } catch (Throwable e) {
                    failed = Unexpected.kept(failed, e);
                }
            }
        }
        synchronized (this) {
            if (!closed) {
                scheduled = null;
                // Written before the sets are read again: an attempt added meanwhile either is seen here or
                // sees MAX_VALUE (its watch() reads wakeAt after its add) and schedules its own wake-up.
                wakeAt = Long.MAX_VALUE;
                first = first();
                long next = first != null ? first.at : Long.MAX_VALUE;
                if (!blocking.isEmpty()) {
                    next = Math.min(next, now() + INTERRUPT_CHECK.toNanos());
                }
                if (next != Long.MAX_VALUE) {
                    wakeBy(next);
                }
            }
        }
        failed = Unexpected.eachKept(passed, Watch::tellOwner, failed);
        // Not thrown to the timer: SystemScheduler runs a due task with ThreadPoolExecutor.execute, so a
        // throw reached the JVM's uncaught-exception handler (a stack trace on standard error, or the
        // application's handler) and killed the worker, on every attempt cut at its limit. The calls
        // are cancelled all the same (OkHttp marks a call cancelled before its listener hears of it);
        // what the application's listener threw is its own. An Error still goes on.
        if (failed instanceof Error error) {
            throw error;
        }
    }

    private Watch first() {
        Map.Entry<Watch, Boolean> first = watches.firstEntry();
        return first == null ? null : first.getKey();
    }

    /** One attempt under watch. */
    final class Watch implements Comparable<Watch>, AutoCloseable {
        private final Call call;
        private final Runnable onTimeout;
        private final long at;
        private final long order;
        /** The thread of a blocking attempt, checked for an interrupt; {@code null} for an asynchronous one. */
        private final Thread thread;
        private volatile boolean expired;
        private volatile boolean interrupted;

        private Watch(Call call, Runnable onTimeout, long at, long order, Thread thread) {
            this.call = call;
            this.onTimeout = onTimeout;
            this.at = at;
            this.order = order;
            this.thread = thread;
        }

        /** Whether the attempt was cancelled because it passed its limit (not because the client closed). */
        boolean expired() {
            return expired;
        }

        /** Whether the attempt was cancelled because its thread was interrupted. */
        boolean interrupted() {
            return interrupted;
        }

        private void expire(boolean timedOut) {
            expired = timedOut;
            call.cancel();
        }

        private void interrupt() {
            interrupted = true;
            call.cancel();
        }

        /** Tells the owner the attempt passed its limit and was cancelled. */
        private void tellOwner() {
            if (onTimeout != null) {
                onTimeout.run();
            }
        }

        /** The attempt is over: it is no longer watched. */
        @Override
        public void close() {
            watches.remove(this);
            if (thread != null) {
                blocking.remove(this);
            }
        }

        @Override
        public int compareTo(Watch other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }
}
