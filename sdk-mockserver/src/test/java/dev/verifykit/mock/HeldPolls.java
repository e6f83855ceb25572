package dev.verifykit.mock;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Waits until the mock holds a number of long-polls, however long they take to arrive on a loaded
 * machine. It gives up with an assertion after a minute, or as soon as one of the reads meant to be
 * held has ended (it failed, or was answered at once): an unbounded spin hung the build instead.
 */
final class HeldPolls {
    private HeldPolls() {}

    static void await(MockServer server, int count, List<? extends CompletableFuture<?>> reads) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (server.dock().heldLongPolls() < count) {
            for (CompletableFuture<?> read : reads) {
                if (read.isDone()) {
                    throw new AssertionError("a read meant to be held ended first: " + describe(read));
                }
            }
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("not " + count + " held long-polls within a minute, but "
                        + server.dock().heldLongPolls());
            }
            Thread.sleep(5); // polling the count; nothing depends on how long this is
        }
    }

    static void await(MockServer server, CompletableFuture<?> read) throws InterruptedException {
        await(server, 1, List.of(read));
    }

    private static String describe(CompletableFuture<?> read) {
        try {
            return String.valueOf(read.join());
        } catch (RuntimeException e) {
            return e.toString();
        }
    }
}
