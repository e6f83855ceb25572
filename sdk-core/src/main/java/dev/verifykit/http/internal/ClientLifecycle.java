package dev.verifykit.http.internal;

import dev.verifykit.error.ClientClosedException;
import dev.verifykit.error.Service;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a client is open, and what must end when it closes: its waits and streams, which end at
 * once with a cancellation rather than retrying on a closed client. Thread-safe; {@link #close()}
 * is final.
 */
public final class ClientLifecycle {
    private final Service service;
    private final Set<Runnable> endOnClose = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

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

    /**
     * Runs {@code end} when the client closes (at once if it already has). The returned task
     * forgets it, for a wait that ended by itself.
     */
    public Runnable onClose(Runnable end) {
        endOnClose.add(end);
        if (closed && endOnClose.remove(end)) {
            end.run();
        }
        return () -> endOnClose.remove(end);
    }

    /** Closes the client: everything registered ends now; later calls fail with {@link ClientClosedException}. */
    public void close() {
        closed = true;
        for (Runnable end : endOnClose) {
            if (endOnClose.remove(end)) {
                end.run();
            }
        }
    }
}
