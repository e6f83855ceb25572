package dev.verifykit.testing;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition another thread makes true, looking every 10 ms: for a state with no latch
 * or journal to wait on. The 30-s bound is a hang guard, never a timing: a condition that holds
 * only for a moment is not for this. Shipped in sdk-core's test jar.
 */
public final class Await {
    /** How long a condition is waited for before the test fails: far past any step of a test. */
    public static final long GIVE_UP_SECONDS = 30;

    private Await() {}

    /** Returns once {@code condition} holds; fails the test if it does not within {@link #GIVE_UP_SECONDS}. */
    public static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - giveUp > 0) {
                throw new AssertionError("condition not met within " + GIVE_UP_SECONDS + " s");
            }
            Thread.sleep(10);
        }
    }
}
