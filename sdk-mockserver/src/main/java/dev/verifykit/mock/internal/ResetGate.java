package dev.verifykit.mock.internal;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Makes a reset one step for the requests: a service request is answered wholly before a reset or
 * wholly after it, never from state of which part was reset. Requests pass side by side; a reset
 * waits for those being answered and holds new ones back until every piece of state is back at its
 * start. A request that holds (a long-poll) steps outside while it waits, so a reset does not wait
 * for it (it learns of the reset and answers 404).
 */
public final class ResetGate {

    /** Work that may block, run outside the gate. */
    @FunctionalInterface
    public interface Hold<T> {
        T run() throws InterruptedException;
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** Enters as a request; waits while a reset runs. */
    void enter() throws InterruptedException {
        lock.readLock().lockInterruptibly();
    }

    void leave() {
        lock.readLock().unlock();
    }

    /** Runs {@code hold} outside the gate when the calling request is inside it, and enters again after. */
    public <T> T outside(Hold<T> hold) throws InterruptedException {
        int held = lock.getReadHoldCount();
        for (int i = 0; i < held; i++) {
            lock.readLock().unlock();
        }
        try {
            return hold.run();
        } finally {
            for (int i = 0; i < held; i++) {
                lock.readLock().lock();
            }
        }
    }

    /** Runs {@code reset} while no request is inside. */
    void exclusive(Runnable reset) {
        lock.writeLock().lock();
        try {
            reset.run();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
