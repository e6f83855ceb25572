package dev.verifykit.poll.internal;

import dev.verifykit.http.internal.ApiResponse;
import dev.verifykit.http.internal.HttpDate;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.time.Instant;

/**
 * When the session a wait reads ends, on the local monotonic clock (the scheduler's {@link
 * Scheduler#nanoTime() nanoTime}, compared by difference). A session's stated expiry is a reading of
 * the server's clock; a client whose clock runs ahead would take the session for ended while it
 * still runs (ending the wait early, or dropping its long-polls to plain reads that count against
 * the poll cap), and one running behind would read past the end. The answer that states the expiry
 * also carries the server's clock in its {@code Date} header (RFC 9110 §6.6.1: an origin server
 * with a clock sends it on every 2xx–4xx answer), so the time the session has left is the expiry
 * less that {@code Date}, counted from the answer on the monotonic clock, however far the {@code
 * Date} is from the local clock (the local clock may be the wrong one: a machine days off). Without
 * a readable {@code Date}, it is the expiry less the local clock at the answer. The wall clock is
 * read only then: a step of it later (an NTP correction of a clock minutes off) is no time the
 * session lived.
 *
 * <p>The {@code Date} header has whole seconds and is written before the answer travels, so the
 * local end is at most a second and the answer's transit later than the true one; {@link #GRACE}
 * covers that and the server's own lag in ending the session.
 *
 * <p>An answer that is not the session's end but states an end already past by more than the grace
 * is judged, by one {@linkplain #keepingPastEnds() keeping past ends}, on the server's own clock. When its {@code Date} is {@linkplain HttpDate#believed
 * believed} (within a day of the local clock) and shows the end past by at most {@link #LONGEST_PAST},
 * the end is kept as passed: the service has not yet turned the session's status (Dokai may answer
 * {@code pending} past {@code expires_at} until it does), and a wait reading it, a backstop reading
 * an old session, ends there instead of reading to its own deadline a session lifetime later.
 * Otherwise (no readable or believable {@code Date}, or an end further past than that) the answer
 * contradicts itself and the end is not believed: the wait goes on asking (bounded by its own
 * deadline), since taking the session for ended would report an outcome the server never gave (an
 * expiry in seconds read as milliseconds lands in January 1970). Not thread-safe beyond what one
 * wait needs: it is written by the wait's answers, one at a time, and read between them.
 */
public final class SessionExpiry {
    /** Given past a session's end before a wait takes it as ended without asking. */
    public static final Duration GRACE = Duration.ofSeconds(5);

    /**
     * The furthest past, on the server's clock, a stated end is believed: a session is not read a
     * year after it ended, while a misread end (an expiry in seconds read as milliseconds) lies
     * decades back.
     */
    static final Duration LONGEST_PAST = Duration.ofDays(366);

    /** The most a {@code Date} header is behind the server's clock: it is cut to the whole second. */
    static final Duration DATE_CUT = Duration.ofSeconds(1);

    private final boolean pastEndsKept;
    /** The last end noted, or {@code null} before any. */
    private volatile End end;

    /** An end as stated ({@code stated}, the server's clock) and on the local monotonic clock ({@code nanos}). */
    private record End(Instant stated, long nanos) {}

    /** One that never keeps an end already past when stated (see {@link #keepingPastEnds()}). */
    public SessionExpiry() {
        this(false);
    }

    private SessionExpiry(boolean pastEndsKept) {
        this.pastEndsKept = pastEndsKept;
    }

    /**
     * One that keeps an end already past when the answer's own believed {@code Date} shows it (the
     * class comment), for a wait that ends after one more read past the end (Dokai's): a wait that
     * does not would instead go on with reads no longer held (a Dock long-poll's hold is cut to the
     * time left), each counted against its poll cap.
     */
    public static SessionExpiry keepingPastEnds() {
        return new SessionExpiry(true);
    }

    /**
     * Notes the expiry an answer stated.
     *
     * @param expiresAt the expiry as the server stated it
     * @param response the answer that stated it
     * @param clock the local clock, read now that the answer is read
     */
    public void saw(Instant expiresAt, ApiResponse response, Scheduler clock) {
        long nanos = clock.nanoTime();
        Instant localNow = clock.now();
        String date = response.headers().get("Date");
        Instant serverNow = HttpDate.parse(date);
        Duration untilEnd = Duration.between(serverNow == null ? localNow : serverNow, expiresAt);
        if (untilEnd.plus(GRACE).isNegative()
                && !(pastEndsKept && pastOnTheServersClock(expiresAt, HttpDate.believed(date, localNow)))) {
            // Still going by the answer (which is read only while the session is not over), yet ended
            // past the grace by the end it states, with no believable clock of the server's saying so:
            // the answer contradicts itself. The server's status decides instead.
            return;
        }
        // an end further than any wait lasts is no end to count to (nor countable in nanoseconds)
        this.end = new End(expiresAt, nanos + Poller.nanosWithin(untilEnd));
    }

    /**
     * Whether the server's own clock ({@code serverNow}, its answer's believed {@code Date}; {@code
     * null} without one) shows {@code expiresAt} past by the grace, and by no more than {@link
     * #LONGEST_PAST}: the session is over, its status not yet turned.
     */
    private static boolean pastOnTheServersClock(Instant expiresAt, Instant serverNow) {
        if (serverNow == null) {
            return false;
        }
        Duration past = Duration.between(expiresAt, serverNow);
        return past.compareTo(GRACE) >= 0 && past.compareTo(LONGEST_PAST) <= 0;
    }

    /** The expiry as the server last stated it, or {@code null} before any. */
    public Instant stated() {
        End known = end;
        return known == null ? null : known.stated();
    }

    /**
     * How long until the session ends, grace included, at {@code nowNanos} (a reading of the
     * scheduler's {@code nanoTime}); {@code null} before any expiry was seen.
     */
    public Duration left(long nowNanos) {
        End known = end;
        return known == null ? null : Duration.ofNanos(known.nanos() - nowNanos).plus(GRACE);
    }

    /**
     * When the session has ended, grace included, as a reading of the scheduler's {@code nanoTime}
     * ({@link #passed} after it); {@code null} before any expiry was seen.
     */
    public Long passesAt() {
        End known = end;
        return known == null ? null : known.nanos() + GRACE.toNanos();
    }

    /** Whether the session has ended, grace included, at {@code nowNanos} (the scheduler's {@code nanoTime}); never before an expiry was seen. */
    public boolean passed(long nowNanos) {
        Long at = passesAt();
        return at != null && at - nowNanos < 0; // readings compared by difference
    }

    /**
     * The earliest the session can end, as a reading of the scheduler's {@code nanoTime}: its end
     * less a second, since the {@code Date} it was counted from is cut to the second (the answer's
     * transit is a read's time, which a wait's last read allows for); {@code null} before any expiry
     * was seen.
     */
    public Long earliestEnd() {
        End known = end;
        return known == null ? null : known.nanos() - DATE_CUT.toNanos();
    }

    /** Whether the session has ended by {@code atNanos} (the scheduler's {@code nanoTime}; no grace); never before an expiry was seen. */
    public boolean endedBy(long atNanos) {
        End known = end;
        return known != null && known.nanos() - atNanos <= 0;
    }
}
