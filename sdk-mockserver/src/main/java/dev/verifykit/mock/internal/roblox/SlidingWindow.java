package dev.verifykit.mock.internal.roblox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A sliding-window limit per key: at most {@code limit} admitted calls whose time is within the last
 * {@code window}. Refused calls are not counted. Not thread-safe; the state's lock guards it.
 */
final class SlidingWindow {

    private final int limit;
    private final Duration window;
    private final Map<String, ArrayDeque<Instant>> calls = new HashMap<>();

    SlidingWindow(int limit, Duration window) {
        this.limit = limit;
        this.window = window;
    }

    /** Counts a call at {@code now}, or throws {@link RateLimited} with the whole seconds to wait. */
    void admit(String key, Instant now) {
        ArrayDeque<Instant> times = calls.computeIfAbsent(key, k -> new ArrayDeque<>());
        Instant horizon = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
            times.removeFirst();
        }
        if (times.size() >= limit) {
            long nanos = Duration.between(now, times.peekFirst().plus(window)).toNanos();
            long seconds = Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
            throw new RateLimited(seconds);
        }
        times.addLast(now);
    }

    /** Forgets the keys with no call left in the window at {@code now}, so that one-off keys do not add up. */
    void forgetIdle(Instant now) {
        Instant horizon = now.minus(window);
        calls.values().removeIf(times -> times.isEmpty() || !times.peekLast().isAfter(horizon));
    }

    /** How many keys are remembered. */
    int size() {
        return calls.size();
    }

    void clear() {
        calls.clear();
    }
}
