package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/**
 * {@code WaitOptions.timeout}: when the next read would start past the deadline, "the wait makes one
 * last read before it instead [...] if the service's minimum interval and its retry hint allow one
 * then". The Dokai client's minimum between requests is 1 s: a {@code WaitOptions.pollInterval} under
 * it is refused as "the dokai minimum between requests". Yet the Dokai wait's last read before its
 * deadline was sent 200 ms after the read before it: the engine keeps a service's minimum through the
 * wait's {@code RequestGate}, and Dokai's waits had an open one (no interval), so the floor held only
 * for the caller's option, never on the wire.
 */
class LastReadBelowTheFloorTest {
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

    @Test
    void theLastReadBeforeTheDeadlineKeepsTheMinimumTheClientRefusesAPollIntervalUnder() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                arrivals.add(time.now());
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(PENDING)
                        .build();
            }
        });
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
}
