package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server's {@code Retry-After} is a statement that anything sent before it is refused.
 * The server here refuses (429) everything arriving before {@code T0 + retryAfter} by ITS clock and
 * records arrivals on the client's virtual clock; a client that keeps Dock's guardrails sends
 * nothing more before then. (Found by an outside review; each case failed on the code before.)
 */
class RetryAfterObeyedTest {
    static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    static final String PENDING = """
            {"status":200,"data":{"id":"vsn_A1b2C3d4E5f6G7h8J9k0L1","pid":"PID-ABC12345","clientId":"user_123",
            "status":"pending","statusReason":null,"expiresAt":"2026-05-07T00:05:00.000Z",
            "verifyUrl":"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1",
            "reusedExisting":false},"meta":{"requestId":"req_abc123","version":"2.0.0"},"timestamp":"2026-05-07T00:00:00.000Z"}""";
    static final String REFUSED = "{\"status\":429,\"error\":\"RATE_LIMITED\",\"message\":\"Too many requests\","
            + "\"meta\":{\"requestId\":\"req_429\",\"version\":\"2.0.0\"},\"timestamp\":\"2026-05-07T00:00:00.000Z\"}";
    static final CreateSessionParams PARAMS = CreateSessionParams.builder()
            .pid("PID-ABC12345").clientId("user_123").build();

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private final List<Duration> arrivals = new CopyOnWriteArrayList<>();
    private final List<Integer> statuses = new CopyOnWriteArrayList<>();
    private DockClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /**
     * A server whose clock is {@code skew} off the client's (negative: behind), refusing every
     * request until {@code refusedFor} after the first one, with Retry-After as given.
     */
    private void serve(Duration skew, Duration refusedFor, boolean asDate) {
        serve(skew, refusedFor, asDate, true);
    }

    private void serve(Duration skew, Duration refusedFor, boolean asDate, boolean withRetryAfter) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Duration at = Duration.between(T0, time.now());
                arrivals.add(at);
                Instant serverNow = time.now().plus(skew);
                MockResponse.Builder answer = new MockResponse.Builder().setHeader("Content-Type", "application/json")
                        .setHeader("Date", HTTP_DATE.format(serverNow));
                if (at.compareTo(refusedFor) < 0) {
                    Duration left = refusedFor.minus(at);
                    String retryAfter = asDate ? HTTP_DATE.format(serverNow.plus(left).plusSeconds(1))
                            : Long.toString(left.toSeconds() + 1);
                    statuses.add(429);
                    if (withRetryAfter) {
                        answer.setHeader("Retry-After", retryAfter);
                    }
                    return answer.code(429).body(REFUSED).build();
                }
                statuses.add(200);
                return answer.code(200).body(PENDING).build();
            }
        });
    }

    private DockClient client(RetryPolicy policy) {
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).retryPolicy(policy).build();
        return client;
    }

    /**
     * Retry-After as an HTTP date from a server whose clock is a minute behind the client's: the
     * date is the server's clock reading (its Date header says so), 10 s from the server's now. The
     * client reads it against its own clock, finds it 50 s in the past, and retries the create at
     * once, into the same refusal.
     */
    @Test
    void aRetryAfterDateFromAServerWhoseClockIsBehindIsReadOnTheServersClock() {
        serve(Duration.ofSeconds(-60), Duration.ofSeconds(10), true);
        DockClient dock = client(RetryPolicy.defaults());

        catchThrowable(() -> dock.sessions().create(PARAMS));

        assertThat(arrivals).hasSizeGreaterThan(1);
        assertThat(arrivals.get(1)).as("the retry's arrival (statuses %s, arrivals %s)", statuses, arrivals)
                .isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(statuses).as("arrivals %s", arrivals).containsOnlyOnce(429);
    }

    /** The same for a wait's read: its retry after the 429 is sent long before the date. */
    @Test
    void aWaitsReadRetriesNoSoonerThanARetryAfterDateOnTheServersClock() {
        serve(Duration.ofSeconds(-60), Duration.ofSeconds(10), true);
        DockClient dock = client(RetryPolicy.defaults());

        catchThrowable(() -> dock.sessions().awaitCompletion(ID,
                dev.verifykit.poll.WaitOptions.builder().maxRequests(2).build()));

        assertThat(arrivals).hasSize(2);
        assertThat(arrivals.get(1)).as("the second read's arrival (statuses %s)", statuses)
                .isGreaterThanOrEqualTo(Duration.ofSeconds(10));
    }

    /**
     * A create refused with a Retry-After longer than the policy's maxRetryAfter (30 s): the daily
     * bucket's refusal says "until midnight", a shared-IP limit can say minutes. The transport
     * retries after 30 s anyway, twice, each retry refused again (and each takes a create token of
     * the client's own bucket).
     */
    @Test
    void aCreateIsNotRetriedBeforeARetryAfterLongerThanThePolicysCap() {
        serve(Duration.ZERO, Duration.ofSeconds(120), false);
        DockClient dock = client(RetryPolicy.defaults());

        catchThrowable(() -> dock.sessions().create(PARAMS));

        assertThat(statuses).as("arrivals %s", arrivals).containsOnlyOnce(429);
    }

    /** The same for a single retrieve: its retries are sent at 30 s and 60 s into a 120-s refusal. */
    @Test
    void aRetrieveIsNotRetriedBeforeARetryAfterLongerThanThePolicysCap() {
        serve(Duration.ZERO, Duration.ofSeconds(120), false);
        DockClient dock = client(RetryPolicy.defaults());

        catchThrowable(() -> dock.sessions().retrieve(ID));

        assertThat(statuses).as("arrivals %s", arrivals).containsOnlyOnce(429);
    }

    /**
     * Dock's create bucket for the key is empty (another instance, or this app before its restart,
     * used it): the first create is refused with Retry-After 10. A second create of the same client
     * right after is sent anyway, since the client's own bucket still believes it has 5 tokens:
     * refused too. Dock said when the next create can succeed; the client's bucket ignores it.
     */
    @Test
    void aCreateBucketRefusalHoldsBackTheClientsNextCreate() {
        serve(Duration.ZERO, Duration.ofSeconds(10), false);
        DockClient dock = client(RetryPolicy.none());
        catchThrowable(() -> dock.sessions().create(PARAMS));

        catchThrowable(() -> dock.sessions().create(PARAMS,
                RequestOptions.builder().build()));

        assertThat(statuses).as("arrivals %s", arrivals).containsOnlyOnce(429);
    }

    /**
     * A create refused for an hour (a daily limit, or a server's mistake) holds the client's creates
     * back no longer than the bucket takes to fill (6 × 10 s): then one create goes, rather than
     * none for the rest of the client's life. The next one is told at once that it would have to
     * wait past createTokenWait, and sends nothing.
     */
    @Test
    void aCreateRefusedForAnHourHoldsTheNextCreatesBackForAFilledBucketAtMost() {
        serve(Duration.ZERO, Duration.ofHours(1), false);
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).retryPolicy(RetryPolicy.none()).createTokenWait(Duration.ofMinutes(2)).build();
        catchThrowable(() -> client.sessions().create(PARAMS));

        catchThrowable(() -> client.sessions().create(PARAMS));

        assertThat(arrivals).containsExactly(Duration.ZERO, Duration.ofMinutes(1));
        client.close();
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).retryPolicy(RetryPolicy.none()).createTokenWait(Duration.ofSeconds(30)).build();
        catchThrowable(() -> client.sessions().create(PARAMS));
        Throwable third = catchThrowable(() -> client.sessions().create(PARAMS));
        assertThat(third).isInstanceOfSatisfying(dev.verifykit.error.RateLimitException.class, e -> assertThat(e.getMessage())
                .contains("Dock refused a create (429)", "nothing was sent"));
        assertThat(arrivals).hasSize(3);
    }

    /**
     * The same without a Retry-After (a proxy or gateway in front of Dock answering 429): the
     * transport retries the create within 0.5 s, and again, into a bucket that gains one token
     * every 10 s. The client's bucket, which believes it has 5 tokens left, does not hold the retry
     * back for a refill.
     */
    @Test
    void aCreateRefusedWithoutRetryAfterIsNotRetriedBeforeARefill() {
        serve(Duration.ZERO, Duration.ofSeconds(10), false, false);
        DockClient dock = client(RetryPolicy.defaults());

        catchThrowable(() -> dock.sessions().create(PARAMS));

        assertThat(statuses).as("arrivals %s", arrivals).containsOnlyOnce(429);
    }

    /**
     * {@code lastRateLimit()} is "the rate-limit figures of the latest session read or create whose
     * response had an X-RateLimit-Limit or X-RateLimit-Remaining header". A 429 refusal carries them
     * (Dock: on every authenticated answer), yet the figures stay those of the last success: after
     * Dock said "0 left", an integrator pacing its creates by them reads "5 left".
     */
    @Test
    void lastRateLimitReflectsARefusalsHeaders() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                boolean first = arrivals.isEmpty();
                arrivals.add(Duration.between(T0, time.now()));
                MockResponse.Builder answer = new MockResponse.Builder().setHeader("Content-Type", "application/json")
                        .setHeader("X-RateLimit-Limit", "6");
                return first ? answer.code(200).setHeader("X-RateLimit-Remaining", "5").body(PENDING).build()
                        : answer.code(429).setHeader("X-RateLimit-Remaining", "0").setHeader("Retry-After", "10")
                                .body(REFUSED).build();
            }
        });
        DockClient dock = client(RetryPolicy.none());
        dock.sessions().create(PARAMS);
        catchThrowable(() -> dock.sessions().create(CreateSessionParams.builder().pid("PID-ABC12345").clientId("u2").build()));

        assertThat(arrivals).hasSize(2);
        assertThat(dock.lastRateLimit()).hasValueSatisfying(limit ->
                assertThat(limit.remaining()).hasValue(0));
    }
}
