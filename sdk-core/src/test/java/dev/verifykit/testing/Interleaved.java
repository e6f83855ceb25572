package dev.verifykit.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * For code run under Lincheck's model checker ({@code Lincheck.runConcurrentTest}): plain threads
 * started and joined (the checker follows threads the test starts), and what they see wrong noted
 * rather than thrown on their own threads.
 */
public final class Interleaved {
    private Interleaved() {}

    /** Runs each body on a thread of its own, all started before any is joined. */
    public static void runAll(Runnable... bodies) {
        List<Thread> threads = new ArrayList<>();
        for (Runnable body : bodies) {
            threads.add(new Thread(body));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Violations noted from any thread, thrown together by {@link #throwIfAny}. */
    public static final class Violations {
        private final List<String> found = new ArrayList<>();

        public synchronized void add(String violation) {
            found.add(violation);
        }

        public synchronized void throwIfAny() {
            if (!found.isEmpty()) {
                throw new AssertionError(String.join("; ", found));
            }
        }
    }
}
