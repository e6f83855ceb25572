package dev.verifykit.poll.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.http.internal.ApiResponse;
import dev.verifykit.http.internal.Redactor;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class SessionExpiryTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");

    private final VirtualScheduler time = VirtualScheduler.manual(T0);

    /**
     * "The time the session has left is the expiry less that Date, counted from the answer on the
     * monotonic clock, however far the Date is from the local clock": a local clock 10 minutes ahead
     * of the server's does not end a session with 5 minutes left.
     */
    @Test
    void theTimeLeftCountsFromTheServersDateNotTheLocalClock() {
        Instant serverNow = T0.minus(Duration.ofMinutes(10));
        SessionExpiry expiry = new SessionExpiry();
        expiry.saw(serverNow.plus(Duration.ofMinutes(5)), answeredAt(serverNow), time);

        assertThat(expiry.left(time.nanoTime())).isEqualTo(Duration.ofMinutes(5).plus(SessionExpiry.GRACE));
        time.advance(Duration.ofMinutes(1));
        assertThat(expiry.left(time.nanoTime())).isEqualTo(Duration.ofMinutes(4).plus(SessionExpiry.GRACE));
        assertThat(expiry.passed(time.nanoTime())).isFalse();
        time.advance(Duration.ofMinutes(4).plus(SessionExpiry.GRACE).plusNanos(1));
        assertThat(expiry.passed(time.nanoTime())).isTrue();
    }

    /** "Without a readable Date, it is the expiry less the local clock at the answer." */
    @Test
    void withoutADateTheTimeLeftCountsFromTheLocalClock() {
        SessionExpiry expiry = new SessionExpiry();
        expiry.saw(T0.plus(Duration.ofMinutes(5)), answered(Headers.of()), time);

        assertThat(expiry.left(time.nanoTime())).isEqualTo(Duration.ofMinutes(5).plus(SessionExpiry.GRACE));
    }

    /** endedBy: "Whether the session has ended by atNanos (... no grace)"; passed counts the grace. */
    @Test
    void theSessionHasEndedByItsEndWithoutTheGrace() {
        SessionExpiry expiry = new SessionExpiry();
        long end = time.nanoTime() + Duration.ofMinutes(5).toNanos();
        assertThat(expiry.endedBy(end)).as("never before an expiry was seen").isFalse();
        expiry.saw(T0.plus(Duration.ofMinutes(5)), answeredAt(T0), time);

        assertThat(expiry.endedBy(end - 1)).isFalse();
        assertThat(expiry.endedBy(end)).isTrue();
        assertThat(expiry.passed(end)).isFalse();
    }

    /** "One that never keeps an end already past when stated" (Dock's, the RPC's); one keeping past ends (Dokai's) keeps it. */
    @Test
    void anEndAlreadyPastIsKeptOnlyByOneKeepingPastEnds() {
        Instant anHourAgo = T0.minus(Duration.ofHours(1));
        SessionExpiry plain = new SessionExpiry();
        plain.saw(anHourAgo, answeredAt(T0), time);
        SessionExpiry keeping = SessionExpiry.keepingPastEnds();
        keeping.saw(anHourAgo, answeredAt(T0), time);

        assertThat(plain.passed(time.nanoTime())).isFalse();
        assertThat(keeping.passed(time.nanoTime())).isTrue();
    }

    /**
     * "An end further past than that [LONGEST_PAST] ... is not believed: the wait goes on asking":
     * an expiry in seconds read as milliseconds (January 1970), beside a believed {@code Date}, is
     * not taken for the session's end.
     */
    @Test
    void anEndDecadesPastIsNotBelievedEvenWhenPastEndsAreKept() {
        SessionExpiry expiry = SessionExpiry.keepingPastEnds();
        expiry.saw(Instant.ofEpochMilli(T0.plus(Duration.ofMinutes(5)).getEpochSecond()), answeredAt(T0), time);

        assertThat(expiry.stated()).isNull();
        assertThat(expiry.passed(time.nanoTime())).isFalse();
    }

    private static ApiResponse answeredAt(Instant serverNow) {
        return answered(Headers.of("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(serverNow.atOffset(ZoneOffset.UTC))));
    }

    private static ApiResponse answered(Headers headers) {
        return new ApiResponse(200, headers, new byte[0], "req_1", null, 1, 0, Duration.ZERO, new Redactor(List.of()));
    }
}
