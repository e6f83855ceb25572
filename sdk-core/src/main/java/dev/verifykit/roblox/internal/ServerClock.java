package dev.verifykit.roblox.internal;

import dev.verifykit.http.internal.ApiResponse;
import dev.verifykit.http.internal.HttpDate;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * The RPC server's clock as this client last saw it: how far it is from the local clock, read from
 * the {@code Date} header of the client's answers. A token's {@code exp} is a reading of the server's
 * clock, so it is compared with this, not with the local clock, which may be minutes away from it.
 *
 * <p>The header has whole seconds, cut down, and is written before the answer travels: the server's
 * clock read at most a second more than it says when the answer left. The offset takes that second
 * (a token is taken for expired up to a second early rather than late). Thread-safe.
 */
final class ServerClock {
    private static final Duration DATE_RESOLUTION = Duration.ofSeconds(1);

    /** The server's clock less the local clock, or {@code null} before an answer with a readable {@code Date}. */
    private volatile Duration offset;

    /** Notes the server's clock from {@code response}, read at {@code localNow}; nothing when it has no readable {@code Date}. */
    void saw(ApiResponse response, Instant localNow) {
        Instant serverNow = HttpDate.parse(response.headers().get("Date"));
        if (serverNow == null) {
            return;
        }
        try {
            offset = Duration.between(localNow, serverNow.plus(DATE_RESOLUTION));
        } catch (DateTimeException | ArithmeticException e) {
            // a date at the ends of time: nothing learned
        }
    }

    /** The server's clock at {@code localNow}: the local clock when no answer told it. */
    Instant now(Instant localNow) {
        Duration known = offset;
        if (known == null) {
            return localNow;
        }
        try {
            return localNow.plus(known);
        } catch (DateTimeException | ArithmeticException e) {
            return localNow;
        }
    }
}
