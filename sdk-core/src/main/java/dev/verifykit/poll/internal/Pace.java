package dev.verifykit.poll.internal;

import java.time.Duration;

/**
 * A service's polling rhythm while a result is pending: the interval between request starts
 * (never below {@code floor}), growing by {@code growth} per pending answer up to {@code max}.
 */
public record Pace(Duration floor, Duration interval, Duration max, double growth) {
    /** A fixed interval. */
    public static Pace fixed(Duration floor, Duration interval) {
        return new Pace(floor, interval, interval, 1.0);
    }

    /** An interval growing from {@code initial} to {@code max}. */
    public static Pace growing(Duration floor, Duration initial, Duration max, double growth) {
        return new Pace(floor, initial, max, growth);
    }

    Duration next(Duration current) {
        if (growth <= 1.0) {
            return current;
        }
        // rounded up: cut down, a 1-ns interval grown by half stayed 1 ns, and a Dokai wait read back to back
        Duration grown = Duration.ofNanos((long) Math.ceil(current.toNanos() * growth));
        return grown.compareTo(max) > 0 ? max : grown;
    }
}
