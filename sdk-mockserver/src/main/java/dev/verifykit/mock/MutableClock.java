package dev.verifykit.mock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that stands still until a test moves it. A {@link MockServer} started with it is told
 * of every move, so a long-poll or stream held on a session that the move expired answers at once.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
 * try (MockServer server = MockServer.start(MockSettings.builder().clock(clock).build())) {
 *     // create a session, then:
 *     clock.advance(Duration.ofMinutes(5));   // the session is now expired
 * }
 * }</pre>
 */
public final class MutableClock extends Clock {

    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
    private Instant now;

    private MutableClock(Instant now) {
        this.now = now;
    }

    /** A clock in UTC showing {@code start}. */
    public static MutableClock at(Instant start) {
        return new MutableClock(Objects.requireNonNull(start, "start"));
    }

    /** A clock in UTC showing the current system time. */
    public static MutableClock now() {
        return at(Instant.now());
    }

    /** Moves the clock forward (or back, with a negative amount) and wakes waiting reads. */
    public MutableClock advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        synchronized (this) {
            now = now.plus(amount);
        }
        fire();
        return this;
    }

    /** Sets the clock to {@code instant} and wakes waiting reads. */
    public MutableClock set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        synchronized (this) {
            now = instant;
        }
        fire();
        return this;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    /** Always UTC. */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** A view of this clock in another zone; it moves with this one. */
    @Override
    public Clock withZone(ZoneId other) {
        return other.equals(ZoneOffset.UTC) ? this : new ZoneView(this, other);
    }

    @Override
    public String toString() {
        return "MutableClock[" + instant() + "]";
    }

    static MutableClock behind(Clock clock) {
        if (clock instanceof MutableClock mutable) {
            return mutable;
        }
        return clock instanceof ZoneView view ? view.source : null;
    }

    Runnable onChange(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void fire() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    private static final class ZoneView extends Clock {
        private final MutableClock source;
        private final ZoneId zone;

        ZoneView(MutableClock source, ZoneId zone) {
            this.source = source;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return source.withZone(other);
        }

        @Override
        public Instant instant() {
            return source.instant();
        }
    }
}
