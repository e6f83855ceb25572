package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.poll.WaitProgress;
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
 * {@code DokaiClient.Builder#sessionLifetime}: "How long sessions live (default 24 h); bounds a wait
 * before the session's expiry is known." {@code awaitResult}: a session that ends between two reads
 * is read once more, after its {@code expires_at} and a 5-s grace ("Dokai's answer decides").
 *
 * <p>A client whose {@code sessionLifetime} is the server's (the default against Dokai, and what the
 * contract asks of tests that shrink time), awaiting a session it has just created (the README's
 * flow), over a network where a read takes 3 s. The user's verification ends at 59.5 s, half a second
 * before the session's {@code expires_at} (60 s). The wait's own bound, the lifetime and the grace
 * from its start, falls at the session's end and grace: the wait fits a last read 6 s (twice its
 * slowest read) before it, at 59 s, still {@code pending}, and then gives up without the read past
 * the end that its expiry rule promises. The same wait with a lifetime set a minute longer reads
 * past the end and returns the outcome.
 */
class AwaitWithTheServersLifetimeTest {
    private static final Instant T0 = Instant.parse("2026-03-11T10:30:00Z");
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private final List<String> reads = new CopyOnWriteArrayList<>();
    private DokaiClient dokai;

    @AfterEach
    void close() {
        if (dokai != null) {
            dokai.close();
        }
    }

    /** Dokai: the session expires at 60 s and is verified at 59.5 s; each answer takes 3 s to come back. */
    private void serveASlowDokai() {
        Instant expiresAt = T0.plusSeconds(60);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Instant arrived = time.now();
                String status = arrived.isBefore(T0.plusMillis(59_500)) ? "pending" : "verified";
                reads.add(Duration.between(T0, arrived).toMillis() + " ms: " + status);
                String date = HTTP_DATE.format(arrived);
                time.advance(Duration.ofSeconds(3)); // the answer's way back
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .setHeader("Date", date)
                        .body("{\"id\":\"ver_abc123\",\"status\":\"" + status + "\",\"type\":\"hosted\",\"created_at\":\""
                                + T0 + "\",\"expires_at\":\"" + expiresAt + "\"}")
                        .build();
            }
        });
    }

    private KycStatus awaitWithLifetime(Duration lifetime) {
        dokai = DokaiClient.builder().apiKey("dk_test_wire_8c1e").baseUrl(server.url("/dokai").toString())
                .scheduler(time).sessionLifetime(lifetime).build();
        try {
            return dokai.verifySessions().awaitResult("ver_abc123").status().value();
        } catch (RuntimeException e) {
            throw new AssertionError("the session was verified before its expires_at, but the wait with a session"
                    + " lifetime of " + lifetime + " ended with: " + e + "; reads: " + reads, e);
        }
    }

    @Test
    void aWaitWhoseLifetimeIsLongerThanTheServersReadsThePastEnd() {
        serveASlowDokai();

        assertThat(awaitWithLifetime(Duration.ofSeconds(120))).isEqualTo(KycStatus.VERIFIED);
    }

    @Test
    void aWaitWhoseLifetimeIsTheServersReadsOnceMorePastTheEnd() {
        serveASlowDokai();

        assertThat(awaitWithLifetime(Duration.ofSeconds(60))).isEqualTo(KycStatus.VERIFIED);
    }

    private void pendingUntil(Instant expiresAt, int answers) {
        for (int i = 0; i < answers; i++) {
            server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body("{\"id\":\"ver_abc123\",\"status\":\"pending\",\"expires_at\":\"" + expiresAt + "\"}").build());
        }
    }

    private DokaiClient dokai() {
        dokai = DokaiClient.builder().apiKey("dk_test_past_end_7f3a").baseUrl(server.url("/dokai").toString())
                .scheduler(time).build();
        return dokai;
    }

    /**
     * A session still {@code pending} past its {@code expires_at} "ends the wait after one more read"
     * (README, "Waiting"; {@code Poller.Pending#readOnceAfter}: "the wait reads once more after it to
     * learn how the session ended, then ends"). The wait did read once more, and then slept a whole
     * further poll interval, sending nothing, before it threw the {@code WaitTimeoutException} it knew
     * at that read: up to 30 s with the client's pace, and the caller's {@code pollInterval} (here
     * 10 minutes) with its own, a blocking caller's thread held all along.
     */
    @Test
    void aWaitAtItsOwnIntervalEndsAtTheReadPastTheEndNotAnIntervalLater() {
        pendingUntil(T0.plusSeconds(10), 5);
        DokaiClient dokai = dokai();

        assertThatThrownBy(() -> dokai.verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().pollInterval(Duration.ofMinutes(10)).build()))
                .isInstanceOf(WaitTimeoutException.class).hasMessageContaining("passed its expires_at");

        assertThat(server.getRequestCount()).as("a read, and one past the end").isEqualTo(2);
        assertThat(time.sleeps()).as("the wait's pauses: the one before its read past the end, none after it")
                .containsExactly(Duration.ofMinutes(10));
    }

    /**
     * {@code WaitProgress.nextRequestIn}: "When the wait's next request is planned, from now". After the
     * read past the end no request follows (the wait ends at its next turn without one), yet the
     * progress said the next one came in 0 ms.
     */
    @Test
    void theProgressAfterTheReadPastTheEndPlansNoNextRequest() {
        pendingUntil(T0.plusSeconds(10), 5);
        DokaiClient dokai = dokai();
        List<WaitProgress> seen = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> dokai.verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().pollInterval(Duration.ofMinutes(10)).listener(seen::add).build()))
                .isInstanceOf(WaitTimeoutException.class);

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).nextRequestIn()).as("after the first read").contains(Duration.ofMinutes(10));
        assertThat(seen.get(1).nextRequestIn()).as("after the read past the end, no request follows").isEmpty();
    }

    @Test
    void aWaitAtTheClientsPaceEndsAtTheReadPastTheEnd() {
        pendingUntil(T0.plusSeconds(10), 10);
        DokaiClient dokai = dokai();

        assertThatThrownBy(() -> dokai.verifySessions().awaitResult("ver_abc123"))
                .isInstanceOf(WaitTimeoutException.class).hasMessageContaining("passed its expires_at");

        // reads at 0, 2, 5, 9.5 and 16.25 s: the last one is past the end and its grace (15 s)
        assertThat(server.getRequestCount()).isEqualTo(5);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofMillis(4500),
                Duration.ofMillis(6750));
    }
}
