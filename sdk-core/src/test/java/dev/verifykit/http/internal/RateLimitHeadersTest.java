package dev.verifykit.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verifykit.http.RateLimitInfo;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
    @Test
    void readsEveryFigureWhateverTheCaseOfTheName() {
        RateLimitInfo info = RateLimitHeaders.read(Headers.of(
                "Content-Type", "application/json",
                "x-ratelimit-limit", "60",
                "X-RATELIMIT-REMAINING", " 59 ",
                "X-RateLimit-Reset", "1767225600",
                "X-RateLimit-Limit-Day", "5000",
                "x-RateLimit-remaining-day", "4990",
                "X-RateLimit-Scope", "session"));

        assertEquals(OptionalInt.of(60), info.limit());
        assertEquals(OptionalInt.of(59), info.remaining());
        assertEquals(Optional.of(Instant.ofEpochSecond(1767225600L)), info.reset());
        assertEquals(OptionalInt.of(5000), info.limitDay());
        assertEquals(OptionalInt.of(4990), info.remainingDay());
    }

    @Test
    void figuresAreCarriedByAnyOfTheirHeadersInAnyCase() {
        assertTrue(RateLimitHeaders.carried(Headers.of("Content-Type", "application/json", "x-ratelimit-limit", "60")));
        assertTrue(RateLimitHeaders.carried(Headers.of("X-RATELIMIT-REMAINING", "59")));
        assertTrue(RateLimitHeaders.carried(Headers.of("X-RateLimit-Reset", "1767225600")));
        assertTrue(RateLimitHeaders.carried(Headers.of("x-ratelimit-limit-day", "5000")));
        assertTrue(RateLimitHeaders.carried(Headers.of("X-RateLimit-Remaining-Day", "4990")));
        assertFalse(RateLimitHeaders.carried(Headers.of("X-Request-Id", "req_1", "X-RateLimit-", "5",
                "X-RateLimit-Scope", "session", "X-RateLimit-Limits", "60")));
    }

    /** The day's figures alone (the daily bucket of verification sessions running out) are figures. */
    @Test
    void theDaysFiguresOrTheResetAloneAreFigures() {
        RateLimitInfo info = RateLimitHeaders.read(Headers.of("X-RateLimit-Limit-Day", "2000",
                "X-RateLimit-Remaining-Day", "0", "X-RateLimit-Reset", "1767225600"));

        assertEquals(OptionalInt.empty(), info.limit());
        assertEquals(OptionalInt.empty(), info.remaining());
        assertEquals(Optional.of(Instant.ofEpochSecond(1767225600L)), info.reset());
        assertEquals(OptionalInt.of(2000), info.limitDay());
        assertEquals(OptionalInt.of(0), info.remainingDay());
    }

    @Test
    void noFigureIsNoFigures() {
        assertNull(RateLimitHeaders.read(Headers.of("X-Request-Id", "req_1", "X-RateLimit-Scope", "session")));
        assertNull(RateLimitHeaders.read(Headers.of("X-RateLimit-", "5", "X-RateLimit-Limit", "many",
                "X-RateLimit-Reset", "soon")));
    }

    @Test
    void aValueThatIsNotANumberIsLeftOutAndTheLastOfARepeatedHeaderCounts() {
        RateLimitInfo info = RateLimitHeaders.read(Headers.of(
                "X-RateLimit-Limit", "60",
                "X-RateLimit-Limit", "150",
                "X-RateLimit-Remaining", "soon",
                "X-RateLimit-Remaining-Day", "-5"));

        assertEquals(OptionalInt.of(150), info.limit());
        assertEquals(OptionalInt.empty(), info.remaining());
        // no count is negative (before: -5, read as README's "unknown" -1 is, or as a count past zero)
        assertEquals(OptionalInt.empty(), info.remainingDay());
    }

    @Test
    void aResetPast2038IsReadAndOneNoInstantCanBeIsLeftOut() {
        // before: read as an int, so any reset from 2038-01-19 on was left out
        assertEquals(Optional.of(Instant.parse("2100-01-01T00:00:00Z")), RateLimitHeaders.read(Headers.of(
                "X-RateLimit-Limit", "60", "X-RateLimit-Reset", "4102444800")).reset());
        assertEquals(Optional.empty(), RateLimitHeaders.read(Headers.of(
                "X-RateLimit-Limit", "60", "X-RateLimit-Reset", "253402300800")).reset()); // the year 10000
        assertEquals(Optional.empty(), RateLimitHeaders.read(Headers.of(
                "X-RateLimit-Limit", "60", "X-RateLimit-Reset", "99999999999999999")).reset());
        assertEquals(Optional.empty(), RateLimitHeaders.read(Headers.of(
                "X-RateLimit-Limit", "60", "X-RateLimit-Reset", "99999999999999999999")).reset());
    }

    /**
     * A figure is ASCII digits, as {@code Retry-After}'s seconds are (RFC 9110 {@code delay-seconds =
     * 1*DIGIT}); one sent otherwise is left out as if absent, as a value that is no number is. Before,
     * {@code Integer.parseInt} read a sign and any script's digits: {@code +5} and Arabic-Indic digits
     * (which OkHttp passes from the wire as they came) were shown as counts and a reset.
     */
    @Test
    void aFigureWithASignOrInDigitsOtherThanAsciiIsLeftOut() {
        Headers headers = new Headers.Builder()
                .add("X-RateLimit-Limit", "+60")
                .addUnsafeNonAscii("X-RateLimit-Remaining", "\u0665\u0669")
                .add("X-RateLimit-Reset", "+1767225600")
                .addUnsafeNonAscii("X-RateLimit-Limit-Day", "\uFF15000")
                .add("X-RateLimit-Remaining-Day", "4990")
                .build();

        RateLimitInfo info = RateLimitHeaders.read(headers);

        assertEquals(OptionalInt.empty(), info.limit());
        assertEquals(OptionalInt.empty(), info.remaining());
        assertEquals(Optional.empty(), info.reset());
        assertEquals(OptionalInt.empty(), info.limitDay());
        assertEquals(OptionalInt.of(4990), info.remainingDay());
        assertNull(RateLimitHeaders.read(new Headers.Builder().add("X-RateLimit-Limit", "+60")
                .addUnsafeNonAscii("X-RateLimit-Reset", "\u0661\u0667\u0666\u0667\u0662\u0662\u0665\u0666\u0660\u0660").build()));
    }
}
