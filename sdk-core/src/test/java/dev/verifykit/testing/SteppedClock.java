package dev.verifykit.testing;

import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A machine's clock whose wall clock can be stepped (an NTP correction, an admin's fix) while its
 * monotonic clock and its timers run on true time, a {@link Scheduler} (a virtual one in tests): the
 * wall clock ({@link #now()}) is {@link #wallOff(Duration) wallOff} away from true time, everything
 * else is true time's. Shipped in sdk-core's test jar.
 */
public final class SteppedClock implements Scheduler {
    private final Scheduler trueTime;
    private final AtomicReference<Duration> wallOff = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Duration> offAfterNextRead = new AtomicReference<>();

    public SteppedClock(Scheduler trueTime) {
        this.trueTime = trueTime;
    }

    /** Sets the wall clock {@code off} away from true time (negative: behind it), from now on. */
    public SteppedClock wallOff(Duration off) {
        wallOff.set(off);
        return this;
    }

    /**
     * Sets the wall clock {@code off} away from true time just after its next reading (that reading
     * still the old one): a step landing between two readings the code under test takes.
     */
    public SteppedClock wallOffAfterNextRead(Duration off) {
        offAfterNextRead.set(off);
        return this;
    }

    @Override
    public Instant now() {
        Instant read = trueTime.now().plus(wallOff.get());
        Duration next = offAfterNextRead.getAndSet(null);
        if (next != null) {
            wallOff.set(next);
        }
        return read;
    }

    @Override
    public long nanoTime() {
        return trueTime.nanoTime();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        trueTime.sleep(duration);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return trueTime.schedule(delay, task);
    }
}
