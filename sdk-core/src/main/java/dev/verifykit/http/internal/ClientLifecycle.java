package dev.verifykit.http.internal;

import dev.verifykit.error.ClientClosedException;
import dev.verifykit.error.Service;
import dev.verifykit.internal.Unexpected;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Whether a client is open, and what must end when it closes: its waits and streams, which end at
 * once with a cancellation rather than retrying on a closed client. Thread-safe; {@link #close()}
 * is final. Before it, {@link #cancelWaits()} ends the waits alone (an application shutting down):
 * single calls go on working.
 */
public final class ClientLifecycle {
    private final Service service;
    private final Set<Runnable> endOnClose = ConcurrentHashMap.newKeySet();
    /** What {@link #cancelWaits()} ends (and {@link #close()} too): waits, streams, sleeps for a create token. */
    private final Set<Runnable> endWaits = ConcurrentHashMap.newKeySet();
    /** The threads admitting a request ({@link #admitting()}), which {@link #close()} waits for. */
    private final Set<Thread> admitting = ConcurrentHashMap.newKeySet();
    private final Object admitted = new Object();
    private volatile boolean closed;
    private volatile boolean waitsCancelled;

    /**
     * The longest {@link #close()} waits for the requests being admitted ({@link #admitting()}): a
     * store's call that the close's interrupt does not end in time is left to its own timeout.
     */
    public static final Duration ADMISSION_WAIT = Duration.ofSeconds(5);

    public ClientLifecycle(Service service) {
        this.service = service;
    }

    /** @throws ClientClosedException when the client is closed */
    public void checkOpen(String operation) {
        if (closed) {
            throw new ClientClosedException(service, operation);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Whether waits end at once: the client is closed, or {@link #cancelWaits()} was called. */
    public boolean waitsCancelled() {
        return waitsCancelled || closed;
    }

    /**
     * Runs {@code end} when the client closes (at once if it already has), until the returned task
     * forgets it (for a wait that ended by itself). Every {@link #close()} runs every end not
     * forgotten, so {@code end} may run more than once, on several threads at a time: it must be
     * idempotent. (A close that may wait so returns only once what it ends has ended, even when
     * another close, on a thread that may not wait, got there first: a stream's end that a thread
     * inside a stream listener left pending.)
     */
    public Runnable onClose(Runnable end) {
        return register(endOnClose, end, this::isClosed);
    }

    /** {@link #onClose}, for a wait: {@link #cancelWaits()} runs {@code end} too (at once if it already has). */
    public Runnable onWaitsCancelled(Runnable end) {
        return register(endWaits, end, this::waitsCancelled);
    }

    /**
     * Adds {@code end}, then asks whether it is {@code already} time to run it: a close sets its
     * flag, then runs the ends it finds, so one of the two sees the other (the flag read before the
     * add, a close between them found no end to run and the end never ran: a sleep went on after
     * {@code close()} returned).
     */
    private static Runnable register(Set<Runnable> ends, Runnable end, BooleanSupplier already) {
        ends.add(end);
        if (already.getAsBoolean()) {
            end.run();
        }
        return () -> ends.remove(end);
    }

    /**
     * Sleeps for {@code duration} on {@code scheduler}, unless the client closes first: a thread
     * sleeping here is woken by {@link #close()} (an interrupt of its own, cleared before this
     * returns), so that no call or wait of a closed client sleeps on.
     *
     * @return whether the client is still open
     * @throws InterruptedException when another party interrupted the thread
     */
    public boolean sleep(Scheduler scheduler, Duration duration) throws InterruptedException {
        return !closed && sleep(scheduler, duration, false) && !closed;
    }

    /**
     * {@link #sleep}, for a wait (a create waiting for its token): {@link #cancelWaits()} wakes it too.
     *
     * @return whether waits may go on (see {@link #waitsCancelled()})
     * @throws InterruptedException when another party interrupted the thread
     */
    public boolean sleepInWait(Scheduler scheduler, Duration duration) throws InterruptedException {
        return !waitsCancelled() && sleep(scheduler, duration, true) && !waitsCancelled();
    }

    private boolean sleep(Scheduler scheduler, Duration duration, boolean wait) throws InterruptedException {
        Sleeper sleeper = new Sleeper(Thread.currentThread());
        Runnable forget = wait ? onWaitsCancelled(sleeper::wake) : onClose(sleeper::wake);
        try {
            scheduler.sleep(duration);
        } catch (InterruptedException e) {
            if (!sleeper.finish()) {
                throw e;
            }
        } finally {
            sleeper.end(forget);
        }
        return true;
    }

    /**
     * Runs {@code call}, a blocking call into a store of the caller's (a Redis under load), so that
     * {@link #close()} interrupts the thread waiting in it (an interrupt of its own, cleared before
     * this returns): a call or wait of a closed client does not wait on for the store. What the
     * store does when interrupted (an exception, or an answer) is returned as it is; the caller then
     * finds the client closed.
     */
    public <T> T interruptibly(Supplier<T> call) {
        Sleeper sleeper = new Sleeper(Thread.currentThread());
        Runnable forget = onClose(sleeper::wake);
        try {
            return call.get();
        } finally {
            sleeper.end(forget);
        }
    }

    /**
     * Begins a section in which the calling thread asks a guardrail store of the caller's (Redis)
     * to let a request start, and records the store's answer where {@link #close()} finds it (a
     * wait's permit, a create's close hook), or, finding the client closed, tells the store the
     * request was not sent; the returned task ends it. {@link #close()} waits for the sections in
     * progress (at most {@link #ADMISSION_WAIT}; a close on a thread inside one does not wait for its
     * own), so that a start the store granted just as the client closed is told back before
     * {@code close()} returns: the application closes its store right after the client, and a report
     * refused then left the request in flight there for its lease, holding the session from every
     * other instance. A section does no I/O but the store's, and calls no listener: a request's send
     * comes after it.
     *
     * @return what ends the section; {@code null} when the client is closed (no section begun: the
     *     caller asks the store nothing and ends as closed)
     */
    public Runnable admitting() {
        Thread thread = Thread.currentThread();
        if (!admitting.add(thread)) {
            return () -> { }; // a section inside one of the thread's own: the outer one ends it
        }
        Runnable end = () -> {
            admitting.remove(thread);
            if (closed) {
                synchronized (admitted) {
                    admitted.notifyAll();
                }
            }
        };
        // added, then the flag read (as register does): a close that looked for sections before the
        // add is seen here, and the section is not begun
        if (closed) {
            end.run();
            return null;
        }
        return end;
    }

    /**
     * Waits until no thread but this one is admitting a request, at most {@link #ADMISSION_WAIT}:
     * the close's flag was set first, so a section that ends after the check below finds it and
     * wakes this wait.
     */
    private void awaitAdmissions() {
        Thread self = Thread.currentThread();
        long end = System.nanoTime() + ADMISSION_WAIT.toNanos();
        boolean interrupted = false;
        synchronized (admitted) {
            while (admitting.stream().anyMatch(thread -> thread != self)) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(admitted, left);
                } catch (InterruptedException e) {
                    interrupted = true; // the close goes on; the caller's interrupt is kept
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A sleeping thread that {@link #close()} wakes once, never after its sleep ended. */
    private static final class Sleeper {
        private final Thread thread;
        private boolean done;
        private boolean woken;

        Sleeper(Thread thread) {
            this.thread = thread;
        }

        synchronized void wake() {
            if (!done) {
                woken = true;
                thread.interrupt();
            }
        }

        /** Ends the sleep; whether the close woke it. */
        synchronized boolean finish() {
            done = true;
            return woken;
        }

        /** Ends the sleep and forgets it; clears the close's interrupt, not the caller's. */
        void end(Runnable forget) {
            forget.run();
            if (finish()) {
                Thread.interrupted();
            }
        }
    }

    /**
     * Closes the client: everything registered ends now (each end run by every close, see
     * {@link #onClose}), then the requests being admitted are waited for ({@link #admitting()});
     * later calls fail with {@link ClientClosedException}.
     */
    public void close() {
        closed = true;
        Throwable failed = endAll(endWaits, null);
        failed = endAll(endOnClose, failed);
        if (!admitting.isEmpty()) {
            awaitAdmissions();
        }
        Unexpected.throwAsIs(failed); // once every end ran
    }

    /**
     * Ends the waits, streams and create-token sleeps in progress, and makes later ones end at once,
     * each with a {@code WaitCancelledException} (a create waiting for its create-bucket token is
     * such a wait, and so is a wait's request in flight); single calls (a create that needs no
     * token wait, a read, their retries) go on working until {@link #close()}. For an application that shuts down: a wait would hold it.
     */
    public void cancelWaits() {
        waitsCancelled = true;
        Unexpected.throwAsIs(endAll(endWaits, null));
    }

    /**
     * Runs every end, whatever one throws (a store or scheduler of the caller's, an {@code Error}
     * of theirs while a wait's read is told abandoned): one end failing left the others, and their
     * waits, pending for good. Returns what was thrown, {@linkplain Unexpected#kept kept} with
     * {@code failed}.
     */
    private static Throwable endAll(Set<Runnable> ends, Throwable failed) {
        return Unexpected.eachKept(ends, Runnable::run, failed);
    }
}
