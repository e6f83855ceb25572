package dev.verifykit.mock.internal.dock;

/** Rounding for {@code Retry-After}: whole seconds, rounded up, at least 1. */
final class Seconds {

    private Seconds() {
    }

    static long ceil(long nanos) {
        long seconds = nanos / 1_000_000_000L + (nanos % 1_000_000_000L > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
