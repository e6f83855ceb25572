package dev.verifykit.spring;

import dev.verifykit.event.AttemptEnd;
import dev.verifykit.event.BucketWait;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.internal.CancelsWaits;
import dev.verifykit.internal.Unexpected;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.SmartLifecycle;

/**
 * Ends the auto-configured clients' waits while the web server shuts down gracefully, and closes the
 * clients once it has stopped. A request blocked in a wait ({@code awaitCompletion}, a stream, a
 * create waiting for its create-bucket token) would otherwise hold the graceful shutdown until the
 * wait's own timeout or the shutdown phase's, whichever came first; a request between two calls (a
 * create, its own work, then a read) must still be able to make its next call. So its
 * {@link #waitsEnd()}, stopped in the graceful shutdown's phase beside the server (which stops taking
 * requests then), ends every wait in progress with a {@code WaitCancelledException}, and every wait
 * begun later at once, while single calls (a create, a read, their retries) go on working. Stopped itself in a phase after
 * the web server's stop ({@link #CLOSE_PHASE}), it then lets the calls in progress outside a wait
 * (a create, a single read, from a thread the server did not wait for, a scheduled task) finish, for
 * at most {@code limit}, and closes the clients; later calls fail with {@code ClientClosedException}.
 * A call asleep before its next attempt (waiting out a retry's delay) is not waited for: it has
 * nothing on the wire, and the close wakes it. In an application without a web server, the same
 * happens, the second phase following at once.
 *
 * <p>Only a close of its own context does this: a stop without a close ({@code stop()}, a pause, a
 * JVM checkpoint, each followed by a start) leaves the clients open and their waits running, as the
 * context's beans they are. The context's own state tells a close ({@link CloseStep#closing}), not its
 * {@code ContextClosedEvent}, which an asynchronous event multicaster may deliver after the stop.
 */
final class ClientShutdown implements SmartLifecycle, ApplicationContextAware {
    private static final System.Logger LOG = System.getLogger("dev.verifykit.spring");
    /**
     * The phase of Spring Boot's graceful shutdown of the web server
     * ({@code WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE}, not referenced: the starter works without a web server).
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;
    /**
     * The phase in which the clients are closed: after the web server's stop
     * ({@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE}, {@code PHASE - 1024}).
     */
    static final int CLOSE_PHASE = PHASE - 2048;

    /** The limit in nanoseconds, saturated (Spring counts it in milliseconds: {@code 200000d} is one it takes). */
    private final long limitNanos;
    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private int callsOutsideWaits;
    /** Those of them asleep before their next attempt (for a create token, or a retry's delay): nothing on the wire. */
    private final Set<Long> asleep = new HashSet<>();
    private volatile boolean running;
    /** Set once this context's close has ended the waits: a client made later (lazily) has its waits ended as it is made. */
    private volatile boolean waitsEnded;
    /** Set once this context's close has begun closing the clients: a client made later (lazily) is closed as it is made. */
    private volatile boolean clientsClosed;
    private ApplicationContext context;
    /** Makes the thread that closes the clients. */
    private final ThreadFactory closers;
    /** Counts the calls in progress that are not part of a wait; every auto-configured client has it. */
    private final VerifyKitListener calls = new VerifyKitListener() {
        @Override
        public void onCallStart(CallStart call) {
            if (call.waitId().isEmpty()) {
                synchronized (lock) {
                    callsOutsideWaits++;
                }
            }
        }

        @Override
        public void onCreateBucketWait(CallStart call, BucketWait wait) {
            sleeping(call, true);
        }

        /**
         * A failed attempt is followed by the call's end or by its retry's delay: asleep until its next
         * attempt starts (its retry is told only then, so {@code onRetry} comes too late to say so).
         */
        @Override
        public void onAttempt(CallStart call, AttemptEnd attempt) {
            if (attempt.failure().isPresent()) {
                sleeping(call, true);
            }
        }

        @Override
        public void onAttemptStart(CallStart call, int attempt) {
            sleeping(call, false);
        }

        @Override
        public void onCallEnd(CallStart call, CallEnd end) {
            if (call.waitId().isEmpty()) {
                synchronized (lock) {
                    callsOutsideWaits--;
                    asleep.remove(call.id());
                    lock.notifyAll();
                }
            }
        }

        private void sleeping(CallStart call, boolean sleeping) {
            if (call.waitId().isEmpty()) {
                synchronized (lock) {
                    boolean changed = sleeping ? asleep.add(call.id()) : asleep.remove(call.id());
                    if (changed) {
                        lock.notifyAll();
                    }
                }
            }
        }
    };

    ClientShutdown(Duration limit) {
        this(limit, task -> new Thread(task, "verifykit-shutdown"));
    }

    /** @param closers makes the thread that closes the clients (tests make it fail to start) */
    ClientShutdown(Duration limit, ThreadFactory closers) {
        this.limitNanos = nanos(limit);
        this.closers = closers;
    }

    /** {@code limit} in nanoseconds, one past a {@code long} of them (about 292 years) as the longest one holds. */
    private static long nanos(Duration limit) {
        try {
            return limit.toNanos();
        } catch (ArithmeticException beyondALong) {
            return limit.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** The listener a client to close early reports its calls to. */
    VerifyKitListener listener() {
        return calls;
    }

    /**
     * Has {@code client}'s waits ended in the graceful shutdown's phase and {@code client} closed after
     * the web server's stop (Spring closes it again at the end, which does nothing); made after either,
     * it is ended or closed as it is made.
     */
    <T extends AutoCloseable> T closeAtShutdown(T client) {
        clients.add(client);
        if (waitsEnded && client instanceof CancelsWaits waits) {
            waits.cancelWaits(); // made after the waits' end (a lazy bean a request asked for): its waits end too
        }
        if (clientsClosed) { // made after the clients' close (a lazy bean asked for later): closed too
            try {
                client.close();
            } catch (RuntimeException e) {
                throw e; // a store of yours failing as it closes: told to whoever asked for the client
            } catch (Exception e) { // the clients' close() declares no checked exception
                throw new IllegalStateException("closing a client made after the clients' close", e);
            }
        }
        return client;
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * After the web server's stop. (The waits' end is another bean, which depends on this one: Spring
     * stops a lifecycle bean's dependents with it, in its phase, so this one, a dependency, cannot be it.)
     */
    @Override
    public int getPhase() {
        return CLOSE_PHASE;
    }

    @Override
    public void stop() {
        running = false;
        if (CloseStep.closing(context)) {
            closeClients();
        }
    }

    /**
     * Closes the clients on a thread of its own, so that the other beans of the phase stop beside it.
     * What a client's close threw is logged there, as Spring logs what a {@code stop()} throws: rethrown
     * on that thread, it would reach only its uncaught-exception handler.
     */
    @Override
    public void stop(Runnable callback) {
        running = false;
        if (!CloseStep.closing(context)) {
            callback.run();
            return;
        }
        Runnable close = () -> {
            try {
                closeClients();
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.WARNING, "closing the VerifyKit clients at shutdown failed", e);
            } finally {
                callback.run();
            }
        };
        try {
            Thread closer = closers.newThread(close);
            closer.setDaemon(true);
            closer.start();
        } catch (Throwable e) {
            // no thread could be started (OutOfMemoryError: unable to create native thread): closed on this one,
            // rather than left to Spring's destroyMethod after the phase, without the wait for the calls
            LOG.log(System.Logger.Level.WARNING, "no thread could be started to close the VerifyKit clients at"
                    + " shutdown: closing them on this one", e);
            close.run();
        }
    }

    /** Ends the clients' waits, in {@link #PHASE}, once this context is closing: a bean of its own. */
    SmartLifecycle waitsEnd() {
        return new CloseStep(context, PHASE, this::cancelWaits);
    }

    /** Ends every wait of the clients in progress, and those begun later at once. */
    private void cancelWaits() {
        waitsEnded = true; // before the clients are read: one added meanwhile is ended here or as it is added
        // what a store or scheduler of yours throws does not stop the other clients' waits from ending
        Unexpected.throwAsIs(Unexpected.eachKept(clients, client -> {
            if (client instanceof CancelsWaits waits) {
                waits.cancelWaits();
            }
        }, null)); // once every client was asked
    }

    private void closeClients() {
        awaitCallsOutsideWaits(); // a client made meanwhile (lazily) has that time as the others have
        clientsClosed = true; // before the clients are read: one added meanwhile is closed here or as it is added
        Throwable failed = null;
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Throwable e) {
                // what a store or scheduler of yours threw (close() throws it once it has closed; a second
                // close, Spring's destroyMethod, finds nothing left to throw): the others close too
                failed = Unexpected.kept(failed, e);
            }
        }
        Unexpected.throwAsIs(failed); // once every client was asked
    }

    private void awaitCallsOutsideWaits() {
        long end = System.nanoTime() + limitNanos; // wraps for the longest: end - now still counts down
        synchronized (lock) {
            try {
                for (long left = limitNanos; callsOutsideWaits > asleep.size() && left > 0; left = end - System.nanoTime()) {
                    lock.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // close now
            }
        }
    }
}
