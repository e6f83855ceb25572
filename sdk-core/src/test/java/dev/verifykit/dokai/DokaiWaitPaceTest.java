package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.PollCapException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pace of a Dokai wait's reads: its floor and its growth. */
class DokaiWaitPaceTest {
    private static final Instant T0 = Instant.parse("2026-03-11T10:30:00Z");
    private static final String PENDING = "{\"id\":\"ver_abc123\",\"status\":\"pending\",\"type\":\"hosted\","
            + "\"expires_at\":\"2026-03-12T10:30:00Z\"}";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private final List<Instant> arrivals = new CopyOnWriteArrayList<>();
    private DokaiClient dokai;

    @AfterEach
    void close() {
        if (dokai != null) {
            dokai.close();
        }
    }

    /** Answers every read with the session pending, noting when each came. */
    private void alwaysPending() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                arrivals.add(time.now());
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(PENDING)
                        .build();
            }
        });
    }

    /**
     * {@code WaitOptions.timeout}: when the next read would start past the deadline, "the wait makes one
     * last read before it instead [...] if the service's minimum interval and its retry hint allow one
     * then". The Dokai client's minimum between requests is 1 s: a {@code WaitOptions.pollInterval} under
     * it is refused as "the dokai minimum between requests". Yet the Dokai wait's last read before its
     * deadline was sent 200 ms after the read before it: the engine keeps a service's minimum through the
     * wait's {@code RequestGate}, and Dokai's waits had an open one (no interval), so the floor held only
     * for the caller's option, never on the wire.
     */
    @Test
    void theLastReadBeforeTheDeadlineKeepsTheMinimumTheClientRefusesAPollIntervalUnder() {
        alwaysPending();
        dokai = DokaiClient.builder().apiKey("dk_test_floor_3f9a").baseUrl(server.url("/dokai").toString())
                .scheduler(time).build();
        assertThatThrownBy(() -> dokai.verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().pollInterval(Duration.ofMillis(200)).build()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("1000 ms, the dokai minimum between requests"); // the client's floor

        assertThatThrownBy(() -> dokai.verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().timeout(Duration.ofMillis(2_300)).build()))
                .isInstanceOf(WaitTimeoutException.class);

        assertThat(arrivals).as("the reads at 0 s and 2 s at least").hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(Duration.between(arrivals.get(i - 1), arrivals.get(i)))
                    .as("the time between read %d and read %d (reads at %s)", i, i + 1, arrivals)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    /**
     * {@code DokaiClient.Builder.initialPollInterval}: "The first interval between reads of an await
     * [...]; it grows by half each time". Grown by half and cut down to whole nanoseconds, a 1-ns interval
     * stayed 1 ns: the wait read back to back, as fast as its answers came, for the session's whole life (a
     * wait with a 3-s timeout in virtual time made over a thousand reads in a minute of real time and never
     * ended).
     */
    @Test
    void aOneNanosecondFirstIntervalGrowsByHalfEachTime() {
        alwaysPending();
        dokai = DokaiClient.builder().apiKey("dk_test_grow_5b1d").baseUrl(server.url("/dokai").toString())
                .initialPollInterval(Duration.ofNanos(1)).scheduler(time).build();

        assertThatThrownBy(() -> dokai.verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().maxRequests(8).build()))
                .isInstanceOf(PollCapException.class);

        List<Duration> waits = time.sleeps().stream().filter(d -> !d.isZero()).toList();
        assertThat(waits).as("the waits between the 8 reads").hasSizeGreaterThanOrEqualTo(6);
        assertThat(waits.get(0)).isEqualTo(Duration.ofNanos(1));
        for (int i = 1; i < waits.size(); i++) {
            assertThat((double) waits.get(i).toNanos()).as("wait %d of %s", i + 1, waits)
                    .isGreaterThanOrEqualTo(waits.get(i - 1).toNanos() * 1.5);
        }
    }
}
