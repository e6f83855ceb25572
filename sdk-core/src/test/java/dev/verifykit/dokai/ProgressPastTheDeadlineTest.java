package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitOutcome;
import dev.verifykit.event.WaitStart;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.poll.WaitProgress;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code WaitProgress.nextRequestIn()}: "When the wait's next request is planned, from now [...]; empty
 * when none follows". A wait whose next request would come past its deadline ends at once with its
 * {@code WaitTimeoutException} (the engine's {@code later} gives up), yet the progress told just before
 * promised a request in the whole interval (or a retry's delay), one that never comes: a UI counting
 * down to it shows a read that the wait's end, told the same instant, contradicts.
 */
class ProgressPastTheDeadlineTest {
    private static final Instant T0 = Instant.parse("2026-03-11T10:30:00Z");

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private final List<WaitProgress> told = new CopyOnWriteArrayList<>();
    private final List<WaitEnd> ends = new CopyOnWriteArrayList<>();
    private DokaiClient dokai;

    @AfterEach
    void close() {
        if (dokai != null) {
            dokai.close();
        }
    }

    private DokaiClient dokai() {
        dokai = DokaiClient.builder().apiKey("dk_test_progress_1").baseUrl(server.url("/dokai").toString()).scheduler(time)
                .listener(new VerifyKitListener() {
                    @Override
                    public void onWaitProgress(WaitStart wait, WaitProgress progress) {
                        told.add(progress);
                    }

                    @Override
                    public void onWaitEnd(WaitStart wait, WaitEnd end) {
                        ends.add(end);
                    }
                }).build();
        return dokai;
    }

    private static MockResponse pending() {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"id\":\"ver_abc123\",\"status\":\"pending\",\"type\":\"hosted\",\"created_at\":\"" + T0
                        + "\",\"expires_at\":\"2026-03-12T10:30:00Z\"}").build();
    }

    @Test
    void theProgressAfterTheLastReadBeforeTheDeadlinePlansNoNextRequest() {
        for (int i = 0; i < 6; i++) {
            server.enqueue(pending());
        }
        DokaiClient client = dokai();

        assertThatThrownBy(() -> client.verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().timeout(Duration.ofSeconds(3)).build()))
                .isInstanceOf(WaitTimeoutException.class);

        int requests = server.getRequestCount();
        assertThat(ends).singleElement().satisfies(end -> assertThat(end.attempts()).isEqualTo(requests));
        assertThat(told).as("a progress after each read").hasSize(requests);
        assertThat(told.get(requests - 1).nextRequestIn())
                .as("after the last read (%s requests in all, the wait then timed out at once): %s", requests, told)
                .isEmpty();
    }

    /** The same after a failed read whose retry would come past the deadline (a 503's {@code Retry-After}). */
    @Test
    void theProgressOfARetryPastTheDeadlinePlansNoNextRequest() {
        server.enqueue(pending());
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Content-Type", "application/json")
                .setHeader("Retry-After", "20")
                .body("{\"error\":{\"code\":\"unavailable\",\"message\":\"Try later\"}}").build());
        server.enqueue(pending());
        DokaiClient client = dokai();

        assertThatThrownBy(() -> client.verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().timeout(Duration.ofSeconds(10)).build()))
                .isInstanceOf(WaitTimeoutException.class);

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(told).hasSize(2);
        assertThat(told.get(1).nextRequestIn()).as("after the refused read, whose retry would pass the deadline: %s", told)
                .isEmpty();
    }

    /**
     * {@code WaitEnd.attempts()}: "Requests the wait made." A session still {@code pending} past its
     * {@code expires_at} is read once more, then the wait ends at its next turn without a request (the
     * wait's shortcut). That turn sent nothing, so it is not one of the requests the listener is told of,
     * which are the ones the server received and the ones the wait's {@code WaitTimeoutException} counts.
     */
    @Test
    void theTurnThatEndsTheWaitPastTheExpiryIsNotCountedAsARequest() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body("{\"id\":\"ver_abc123\",\"status\":\"pending\",\"expires_at\":\"" + T0.plusSeconds(10) + "\"}")
                    .build());
        }

        assertThatThrownBy(() -> dokai().verifySessions().awaitResult("ver_abc123",
                WaitOptions.builder().pollInterval(Duration.ofMinutes(10)).build()))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> assertThat(e.attempts()).isEqualTo(2));

        assertThat(server.getRequestCount()).as("a read, and one past the end").isEqualTo(2);
        assertThat(ends).singleElement().satisfies(end -> {
            assertThat(end.outcome()).isEqualTo(WaitOutcome.TIMED_OUT);
            assertThat(end.attempts()).as("requests the wait made").isEqualTo(server.getRequestCount());
        });
    }
}
