package dev.verifykit.roblox.internal;

import dev.verifykit.http.internal.ApiResponse;
import dev.verifykit.http.internal.HttpDate;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.time.Instant;

/**
 * The RPC server's clock as this client last saw it: the {@code Date} header of the client's last
 * answer that had a readable one, counted on from that answer on the
 * local monotonic clock (the scheduler's {@link Scheduler#nanoTime() nanoTime}). A token's {@code exp}
 * is a reading of the server's clock, so it is compared with this, not with the local wall clock,
 * which may be minutes away from it and may be stepped (an NTP correction) at any time: such a step
 * is no time that passed on the server.
 *
 * <p>The header has whole seconds, cut down, and is written before the answer travels: the server's
 * clock read at most a second more than it says when the answer left. The reading takes that second
 * (a token is taken for expired up to a second early rather than late). A {@code Date} however far
 * off the local clock is taken (the local clock may be the one that is wrong, a machine days off);
 * a proxy's own {@code Date} is taken too, until the next answer. Thread-safe.
 */
final class ServerClock {
    private static final Duration DATE_RESOLUTION = Duration.ofSeconds(1);

    /** The last server clock seen, or {@code null} before an answer with a readable {@code Date}. */
    private volatile Seen seen;

    /** The server's clock ({@code serverNow}, its {@code Date} and a second) at {@code nanos} of the local monotonic clock. */
    private record Seen(Instant serverNow, long nanos) {}

    /** Notes the server's clock from {@code response}, read now on {@code clock}; nothing when it has no readable {@code Date}. */
    void saw(ApiResponse response, Scheduler clock) {
        long nanos = clock.nanoTime();
        Instant serverNow = HttpDate.parse(response.headers().get("Date"));
        if (serverNow != null) {
            seen = new Seen(serverNow.plus(DATE_RESOLUTION), nanos);
        }
    }

    /** The server's clock now: the last one seen and the time since on {@code clock}, or {@code clock}'s wall clock when no answer told it. */
    Instant now(Scheduler clock) {
        Seen last = seen;
        return last == null ? clock.now() : last.serverNow().plusNanos(clock.nanoTime() - last.nanos());
    }
}
