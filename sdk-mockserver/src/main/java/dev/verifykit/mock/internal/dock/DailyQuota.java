package dev.verifykit.mock.internal.dock;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Verification-session calls of one API key in the current UTC day. */
final class DailyQuota {

    private final int limit;
    private LocalDate day;
    private int used;

    DailyQuota(int limit) {
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    int remaining(Instant now) {
        roll(now);
        return Math.max(0, limit - used);
    }

    boolean available(Instant now) {
        return remaining(now) > 0;
    }

    void take(Instant now) {
        roll(now);
        used++;
    }

    long secondsUntilReset(Instant now) {
        Instant midnight = now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Seconds.ceil(Duration.between(now, midnight).toNanos());
    }

    private void roll(Instant now) {
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        if (!today.equals(day)) {
            day = today;
            used = 0;
        }
    }
}
