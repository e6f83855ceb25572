package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.PollCapException;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code WaitOptions.maxRequests}: "The most requests this wait may make [...] The wait then ends with
 * a {@code PollCapException}". A Dokai wait whose last allowed read answered {@code pending} knew at
 * that answer that it could ask nothing more, yet slept a whole further poll interval, sending
 * nothing, before it threw: up to 30 s at the client's pace, a whole {@code WaitOptions.pollInterval}
 * (here 10 minutes) with the caller's, holding a blocking caller's thread all along (the pattern
 * fixed for the read past a session's end, CHANGELOG "Dokai awaitResult ... the wait slept another
 * poll interval first, sending nothing").
 */
class AwaitAtItsRequestLimitTest {
    private static final Instant T0 = Instant.parse("2026-03-11T10:30:00Z");
    private static final String PENDING = "{\"id\":\"ver_abc123\",\"status\":\"pending\",\"type\":\"hosted\","
            + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\"}";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private DokaiClient dokai;

    @AfterEach
    void close() {
        if (dokai != null) {
            dokai.close();
        }
    }

    private DokaiClient dokai(int pendingAnswers) {
        for (int i = 0; i < pendingAnswers; i++) {
            server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body(PENDING).build());
        }
        dokai = DokaiClient.builder().apiKey("dk_test_limit_5d2e").baseUrl(server.url("/dokai").toString())
                .scheduler(time).build();
        return dokai;
    }

    @Test
    void aWaitAtItsOwnIntervalEndsAtItsLastAllowedReadNotAnIntervalLater() {
        DokaiClient dokai = dokai(3);

        assertThatThrownBy(() -> dokai.verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().pollInterval(Duration.ofMinutes(10)).maxRequests(1).build()))
                .isInstanceOf(PollCapException.class);

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(time.sleeps()).as("the wait's pauses after its one allowed read, which sent nothing").isEmpty();
    }

    @Test
    void aWaitAtTheClientsPaceEndsAtItsLastAllowedRead() {
        DokaiClient dokai = dokai(5);

        assertThatThrownBy(() -> dokai.verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().maxRequests(2).build()))
                .isInstanceOf(PollCapException.class);

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(time.sleeps()).as("the pause between the two reads, none after the last")
                .containsExactly(Duration.ofSeconds(2));
    }

    /**
     * The same after a failed read: the last allowed read refused with 429 and {@code Retry-After: 600}
     * (or a 503's) made the wait sleep the whole hint, ten minutes, before it threw the
     * {@code PollCapException} that no read could change.
     */
    @Test
    void aWaitWhoseLastAllowedReadFailedEndsAtThatFailureNotAfterItsRetryDelay() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
                .setHeader("Retry-After", "600")
                .body("{\"error\":{\"code\":\"rate_limited\",\"message\":\"Too many requests\"}}").build());
        DokaiClient dokai = dokai(2);

        assertThatThrownBy(() -> dokai.verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().maxRequests(1).build()))
                .isInstanceOf(PollCapException.class);

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(time.sleeps()).as("the wait's pauses after its one allowed read, which sent nothing").isEmpty();
    }
}
