package dev.verifykit.spring;

import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * Closes the auto-configured clients as soon as their context begins to close, before the web
 * server's graceful shutdown waits for the requests in progress: a request blocked in a wait
 * ({@code awaitCompletion}, a stream) would otherwise hold the shutdown until the wait's own
 * timeout or the shutdown phase's, whichever came first, and the clients would close only after.
 * Calls in progress outside a wait (a create, a single read) are let finish first, for at most
 * {@code limit}; the waits then end with a {@code WaitCancelledException}. Only this context's
 * closing counts (a child context's close event reaches its parent's listeners too).
 */
final class ClientShutdown implements ApplicationListener<ContextClosedEvent>, Ordered {
    private final ApplicationContext context;
    private final Duration limit;
    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private int callsOutsideWaits;
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
        public void onCallEnd(CallStart call, CallEnd end) {
            if (call.waitId().isEmpty()) {
                synchronized (lock) {
                    callsOutsideWaits--;
                    lock.notifyAll();
                }
            }
        }
    };

    ClientShutdown(ApplicationContext context, Duration limit) {
        this.context = context;
        this.limit = limit;
    }

    /** The listener a client to close early reports its calls to. */
    VerifyKitListener listener() {
        return calls;
    }

    /** Closes {@code client} when the context begins to close (Spring closes it again at the end, which does nothing). */
    <T extends AutoCloseable> T closeAtShutdown(T client) {
        clients.add(client);
        return client;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() != context) {
            return;
        }
        awaitCallsOutsideWaits();
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                // the client's close declares no checked exception; Spring's destruction tries again
            }
        }
    }

    private void awaitCallsOutsideWaits() {
        long end = System.nanoTime() + limit.toNanos();
        synchronized (lock) {
            try {
                for (long left = limit.toNanos(); callsOutsideWaits > 0 && left > 0; left = end - System.nanoTime()) {
                    lock.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // close now
            }
        }
    }

    /** Last of the close listeners: after the relay's, which ends the browsers' streams at once. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
