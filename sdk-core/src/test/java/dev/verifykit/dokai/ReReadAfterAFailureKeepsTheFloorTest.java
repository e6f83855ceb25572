package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.http.RetryPolicy;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Dokai wait's reads keep the client's minimum between requests (1 s, as a {@code WaitOptions.pollInterval}
 * under it is refused) after a failed read too, as a Dock or Roblox wait's re-read keeps its session
 * gate's interval. The re-read after a failure was sent at the retry policy's full-jitter backoff, which
 * starts from 0 ms: an async wait made 3 requests in 300 ms against a service whose documents recommend
 * polling every 1-2 s. The jitter is pinned to 0 here, the backoff's least, so that the test does not
 * depend on chance.
 */
class ReReadAfterAFailureKeepsTheFloorTest {
    private static final Instant T0 = Instant.parse("2026-03-11T10:30:00Z");
    private static final String VERIFIED = "{\"id\":\"ver_abc123\",\"status\":\"verified\",\"type\":\"hosted\","
            + "\"expires_at\":\"2026-03-12T10:30:00Z\"}";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.autoAdvancing(T0);
    private final List<Instant> arrivals = new CopyOnWriteArrayList<>();
    /** No jitter: each backoff is 0, a retry hint exactly what it says. */
    private final RetryPolicy noJitter = RetryPolicy.builder().random(new Random() {
        @Override
        public double nextDouble() {
            return 0.0;
        }
    }).build();
    private DokaiClient dokai;

    @AfterEach
    void close() {
        if (dokai != null) {
            dokai.close();
        }
    }

    /** Answers the first {@code failures} reads with {@code failure}, then the session verified. */
    private void failingFirst(int failures, MockResponse failure) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                arrivals.add(time.now());
                return arrivals.size() <= failures ? failure
                        : new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                                .body(VERIFIED).build();
            }
        });
        dokai = DokaiClient.builder().apiKey("dk_test_refloor_7c2e").baseUrl(server.url("/dokai").toString())
                .retryPolicy(noJitter).scheduler(time).build();
    }

    private void assertSpacedByTheFloor() {
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(Duration.between(arrivals.get(i - 1), arrivals.get(i)))
                    .as("the time between read %d and read %d (reads at %s)", i, i + 1, arrivals)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void aReadAfterFailedOnesComesNoSoonerThanTheMinimum() {
        failingFirst(2, new MockResponse.Builder().code(503).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"code\":\"internal_error\",\"message\":\"Service unavailable\"}}").build());

        KycSession done = dokai.verifySessions().awaitResult("ver_abc123");

        assertThat(done.status().value()).isEqualTo(KycStatus.VERIFIED);
        assertThat(arrivals).as("two failed reads and the one that succeeded").hasSize(3);
        assertSpacedByTheFloor();
    }

    @Test
    void aRetryAfterOfZeroIsNoLeaveToReadSoonerThanTheMinimum() throws Exception {
        failingFirst(2, new MockResponse.Builder().code(503).setHeader("Retry-After", "0")
                .setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"code\":\"internal_error\",\"message\":\"Service unavailable\"}}").build());

        KycSession done = dokai.verifySessions().awaitResultAsync("ver_abc123").get(30, TimeUnit.SECONDS); // a bound against a hang only

        assertThat(done.status().value()).isEqualTo(KycStatus.VERIFIED);
        assertThat(arrivals).hasSize(3);
        assertSpacedByTheFloor();
    }
}
