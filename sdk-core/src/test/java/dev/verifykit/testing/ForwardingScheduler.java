package dev.verifykit.testing;

import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@link Scheduler} that forwards to another (the virtual scheduler, the system's), for a test to
 * override the one method an application's scheduler fails in: a shut-down executor refusing a
 * timer, a sleep or a clock throwing. Shipped in sdk-core's test jar.
 */
public class ForwardingScheduler implements Scheduler {
    protected final Scheduler inner;

    public ForwardingScheduler(Scheduler inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public Instant now() {
        return inner.now();
    }

    @Override
    public long nanoTime() {
        return inner.nanoTime();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        inner.sleep(duration);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return inner.schedule(delay, task);
    }
}
