package dev.verifykit.http.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dns;

/**
 * A client's host-name lookups, which end when their call does: at its time limit, at
 * {@code close()}, or when its future is cancelled.
 *
 * <p>Java's lookup is a blocking call into the system resolver that neither an interrupt nor
 * OkHttp's cancel can end, and a name server that does not answer keeps it for tens of seconds:
 * a call in its lookup outlived its deadline and the client's close. Here the lookup runs on a
 * helper thread (one at a time per host name, which the calls resolving that name share: the JDK
 * serialises them anyway), and the call's thread waits for it in slices of
 * {@value #SLICE_MILLIS} ms, ending as soon as its call is cancelled, as every deadline and
 * close do. A lookup that answers quickly costs a hand-over to the helper thread; the JDK caches
 * what it resolved, and a pooled connection needs no lookup at all. The helper threads are the
 * client's, daemons, ended 10 s after their last lookup or by {@link #close()}; one that the
 * resolver holds ends when it answers.
 *
 * <p>Lookups outside a call of this client (none are expected) go to the resolver directly.
 */
final class HostLookups implements Dns, AutoCloseable {
    private static final long SLICE_MILLIS = 20;
    /**
     * The call the current thread runs, set by {@link #serving} for the time of the call (spelled
     * {@code okhttp3.Call}: {@link Dns} has a nested {@code Call} of its own).
     */
    private static final ThreadLocal<okhttp3.Call> CURRENT = new ThreadLocal<>();

    /**
     * Tells the lookups made on this thread that they serve {@code call}, until {@link #served}: a
     * blocking call of the transport says so itself, a wait call through its client's interceptor
     * ({@code WaitClients}).
     *
     * @return the call they served before, to give back to {@link #served}
     */
    static okhttp3.Call serving(okhttp3.Call call) {
        okhttp3.Call outer = CURRENT.get();
        CURRENT.set(call);
        return outer;
    }

    /** Ends {@link #serving}: the lookups on this thread serve {@code outer} again (none when null). */
    static void served(okhttp3.Call outer) {
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }

    private final Dns resolver;
    private final ConcurrentHashMap<String, CompletableFuture<List<InetAddress>>> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService threads;

    HostLookups(Dns resolver) {
        this.resolver = resolver;
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "verifykit-dns-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        okhttp3.Call call = CURRENT.get();
        if (call == null) {
            return resolver.lookup(hostname);
        }
        CompletableFuture<List<InetAddress>> lookup = start(hostname);
        while (!call.isCanceled()) {
            try {
                return lookup.get(SLICE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // not yet: look at the call again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnknownHostException(hostname + ": interrupted while looking it up");
            } catch (ExecutionException e) {
                throw failed(hostname, e.getCause());
            }
        }
        // OkHttp's Dns may throw only this; the caller knows its call was cancelled, and why
        throw new UnknownHostException(hostname + ": its lookup was left unfinished, the call was cancelled");
    }

    /** The lookup of {@code hostname} in flight, started when there is none. */
    private CompletableFuture<List<InetAddress>> start(String hostname) {
        CompletableFuture<List<InetAddress>> mine = new CompletableFuture<>();
        CompletableFuture<List<InetAddress>> running = inFlight.putIfAbsent(hostname, mine);
        if (running != null) {
            return running;
        }
        try {
            threads.execute(() -> {
                List<InetAddress> found = null;
                Throwable failure = null;
                try {
                    found = resolver.lookup(hostname);
                } catch (Throwable t) {
                    failure = t;
                }
                // out of the map before it completes: a call that comes later starts a lookup of its
                // own instead of taking this one's failure
                inFlight.remove(hostname, mine);
                if (failure == null) {
                    mine.complete(found);
                } else {
                    mine.completeExceptionally(failure);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(hostname, mine);
            mine.completeExceptionally(new UnknownHostException(hostname + ": not looked up, the client is closed"));
        } catch (Error e) {
            // no thread could be started (out of threads): left in flight, the lookup would never end, and every
            // later call to the host would wait for it until its own deadline; the calls sharing it get the Error
            inFlight.remove(hostname, mine);
            mine.completeExceptionally(e);
            throw e;
        }
        return mine;
    }

    /**
     * The failure of a lookup, as OkHttp expects it from a {@link Dns}: a new exception for each call
     * that waited, the resolver's as its cause.
     */
    private static UnknownHostException failed(String hostname, Throwable cause) {
        if (cause instanceof Error error) {
            throw error;
        }
        UnknownHostException failure = new UnknownHostException(cause instanceof UnknownHostException
                && cause.getMessage() != null ? cause.getMessage() : hostname + ": " + cause);
        failure.initCause(cause);
        return failure;
    }

    /** Ends the helper threads (a lookup the resolver holds ends when it answers) and refuses new lookups. */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
