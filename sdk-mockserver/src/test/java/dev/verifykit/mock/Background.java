package dev.verifykit.mock;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs a test's blocking work on a daemon thread of its own. {@code CompletableFuture.supplyAsync}
 * without an executor uses ForkJoinPool's common pool from Java 24 on even when it has a single
 * thread (on 2 cores; Java 17 made a thread per task then), so blocking calls meant to run side by
 * side ran one after the other there, and one held long-poll kept every later one from starting.
 * The mock's tests share no code with the clients'; their test jar has the same helper.
 */
final class Background {
    /** A thread per task, each a daemon, so a call left blocked by a failed test holds up nothing. */
    public static final Executor THREADS = task -> {
        Thread thread = new Thread(task, "test-background");
        thread.setDaemon(true);
        thread.start();
    };

    private Background() {}

    /** {@code work} on a thread of its own. */
    public static <T> CompletableFuture<T> supply(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, THREADS);
    }

    /** {@code work} on a thread of its own. */
    public static CompletableFuture<Void> run(Runnable work) {
        return CompletableFuture.runAsync(work, THREADS);
    }
}
