package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.RetryEvent;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.http.internal.RetryAfter;
import dev.verifykit.internal.Require;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * What a client does with the {@code Retry-After} of a 429, however long: a single call obeys one
 * of up to {@code maxRetryAfter}, and is not retried after a longer one (a retry sooner than the
 * service said would be refused again), as the README says (its retries are the transport's
 * retries); a wait obeys it whole while its deadline allows. A hint too long for the clock (a server's mistake
 * or a hostile one) is read as {@link Require#LONGEST}, never as an {@code ArithmeticException}.
 * Time is virtual: an hour of waiting passes at once.
 */
class RetryAfterHintsTest {
    private static final String REFUSAL = "{\"status\":429,\"error\":\"RATE_LIMITED\",\"message\":\"slow down\","
            + "\"meta\":{\"requestId\":\"req_1\"}}";
    private static final String SESSION = "{\"status\":200,\"data\":{\"id\":\"vsn_1\",\"status\":\"pending\","
            + "\"verifyUrl\":\"https://dock.example/v/1\",\"expiresAt\":\"2030-01-01T00:00:00Z\"},"
            + "\"meta\":{\"requestId\":\"req_2\"}}";

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private final List<RetryEvent> retries = new CopyOnWriteArrayList<>();

    private void refuse(String retryAfter, int times) {
        for (int i = 0; i < times; i++) {
            server.enqueue(new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
                    .setHeader("Retry-After", retryAfter).body(REFUSAL).build());
        }
    }

    private DockClient dock() {
        return DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(VirtualScheduler.autoAdvancing(Instant.now()))
                .listener(new VerifyKitListener() {
                    @Override
                    public void onRetry(CallStart call, RetryEvent retry) {
                        retries.add(retry);
                    }
                }).build();
    }

    @Test
    void aSingleReadToldToWaitLongerThanMaxRetryAfterIsNotRetried() {
        refuse("3600", 1);
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(SESSION).build());

        // before: the read slept the whole hour (in real time for a real clock) before its retry;
        // then it retried after maxRetryAfter (30 s), into the same refusal
        try (DockClient dock = dock()) {
            assertThatThrownBy(() -> dock.sessions().retrieve("vsn_1")).isInstanceOfSatisfying(RateLimitException.class,
                    e -> assertThat(e.retryAfter()).contains(Duration.ofHours(1)));
        }

        assertThat(retries).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aSingleReadObeysAHintUpToMaxRetryAfter() {
        refuse("30", 1);
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(SESSION).build());

        try (DockClient dock = dock()) {
            assertThat(dock.sessions().retrieve("vsn_1").id()).isEqualTo("vsn_1");
        }

        assertThat(retries).singleElement().satisfies(retry -> {
            assertThat(retry.hint()).contains(Duration.ofSeconds(30));
            // the hint plus up to the base delay's jitter (0.5 s)
            assertThat(retry.delay()).isBetween(Duration.ofSeconds(30), Duration.ofMillis(30_500));
        });
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aHintPastTheClocksRangeIsTheLongestWaitNotAnArithmeticFailure() {
        refuse("99999999999", 4);

        // before: "the wait failed unexpectedly with java.lang.ArithmeticException" for both
        try (DockClient dock = dock()) {
            assertThatThrownBy(() -> dock.sessions().retrieve("vsn_1")).isInstanceOfSatisfying(RateLimitException.class,
                    e -> assertThat(e.retryAfter()).contains(Require.LONGEST));
            assertThatThrownBy(() -> dock.sessions().awaitCompletion("vsn_1",
                    WaitOptions.builder().timeout(Duration.ofMinutes(5)).build()))
                    .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                        assertThat(e.getMessage()).contains("asked to wait 999999999 s", "past the wait's deadline");
                        assertThat(e.getCause()).isInstanceOf(RateLimitException.class);
                    });
        }
        // the read (not retried: told to wait past maxRetryAfter), then the wait's one request
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aHintPastTheDeadlineIsNamedWithItsFraction() {
        // a date 2.4 s ahead of a clock at .600: before, "asked to wait 2 s", a hint shorter than the
        // 2.2-s timeout it was said to pass (and a 0.4-s hint read "0 s")
        refuse("Tue, 01 Dec 2026 00:00:03 GMT", 1);

        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(VirtualScheduler.autoAdvancing(Instant.parse("2026-12-01T00:00:00.600Z"))).build()) {
            assertThatThrownBy(() -> dock.sessions().awaitCompletion("vsn_1",
                    WaitOptions.builder().timeout(Duration.ofMillis(2200)).build()))
                    .isInstanceOfSatisfying(WaitTimeoutException.class, e -> assertThat(e.getMessage())
                            .contains("asked to wait 2.4 s before the next request, past the wait's deadline"));
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aDateCenturiesAheadIsTheLongestWaitToo() {
        refuse("Fri, 31 Dec 9999 23:59:59 GMT", 1);

        try (DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_hints").baseUrl(server.url("/dokai").toString())
                .maxRetries(0).build()) {
            assertThatThrownBy(() -> dokai.verifySessions().retrieve("ver_1")).isInstanceOfSatisfying(
                    RateLimitException.class, e -> assertThat(e.retryAfter()).contains(Require.LONGEST));
        }
    }

    @Test
    void retryAfterIsReadAsSecondsOrADateWithinTheLongestWait() {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        assertThat(RetryAfter.parse("120", now)).isEqualTo(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse(" 000000000007 ", now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("999999999", now)).isEqualTo(Require.LONGEST);
        assertThat(RetryAfter.parse("1000000000", now)).isEqualTo(Require.LONGEST);
        assertThat(RetryAfter.parse("9".repeat(40), now)).isEqualTo(Require.LONGEST);
        assertThat(RetryAfter.parse("Tue, 01 Dec 2026 00:01:00 GMT", now)).isEqualTo(Duration.ofMinutes(1));
        assertThat(RetryAfter.parse("Mon, 30 Nov 2026 00:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("-5", now)).isNull();
        assertThat(RetryAfter.parse("+5", now)).as("a sign is not delta-seconds (1*DIGIT)").isNull();
        assertThat(RetryAfter.parse("\u0663", now)).as("an Arabic-Indic digit is not delta-seconds").isNull();
        assertThat(RetryAfter.parse("soon", now)).isNull();
        assertThat(RetryAfter.parse("", now)).isNull();
        assertThat(RetryAfter.parse(null, now)).isNull();
    }

    /** Delta-seconds are read as they are up to nine digits (zero too): only a longer hint is the longest wait. */
    @Test
    void zeroAndNineDigitSecondsAreReadExactly() {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        assertThat(RetryAfter.parse("0", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("000", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("100000000", now)).isEqualTo(Duration.ofSeconds(100_000_000));
        assertThat(RetryAfter.parse("0100000000", now)).isEqualTo(Duration.ofSeconds(100_000_000));
    }

    @Test
    void theObsoleteHttpDateFormsAreReadTooAsRfc9110AsksOfRecipients() {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        assertThat(RetryAfter.parse("Tuesday, 01-Dec-26 00:01:00 GMT", now)).as("RFC 850").isEqualTo(Duration.ofMinutes(1));
        assertThat(RetryAfter.parse("Tue Dec  1 00:02:00 2026", now)).as("asctime").isEqualTo(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", now)).as("94 is 1994, in the past").isEqualTo(Duration.ZERO);
        // a two-digit year more than 50 years ahead is the last such year past: 77 is 1977, not 2077
        assertThat(RetryAfter.parse("Tuesday, 01-Dec-76 00:00:00 GMT", now)).as("2076, within 50 years: past the longest wait")
                .isEqualTo(Require.LONGEST);
        assertThat(RetryAfter.parse("Thursday, 01-Dec-77 00:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("Tue, 01-Dec-26 00:01:00", now)).as("no form of the three").isNull();
    }
}
