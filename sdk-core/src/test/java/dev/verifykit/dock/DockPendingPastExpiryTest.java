package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.SkewedClockDispatcher;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * A Dock session still {@code pending} an hour past its {@code expiresAt}, by Dock's own {@code Date}.
 * The expiry kept on the server's clock (for Dokai's wait, which ends after one more read) was kept
 * for Dock's long-polls too, which have no such rule: every read after the first went out unheld (its
 * hold cut to the negative time left) until the poll cap, each counted against it. Dock's long-polls
 * keep a past end unbelieved, as before: their reads stay held.
 */
class DockPendingPastExpiryTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);

    @Test
    void aDockWaitOnASessionPendingPastItsExpiryNeitherEndsNorHoldsItsReads() throws Exception {
        Run run = waitOnAPendingSession(T0.minus(Duration.ofHours(1)), 6);
        // either the wait ends after one more read (as README says of a session pending past its end),
        // or its reads stay held (as before this change): never a run of unheld reads to the cap
        assertThat(run.waits().size() <= 2 || run.waits().subList(1, run.waits().size()).stream().noneMatch(Run::unheld))
                .as("reads %s, ended with %s", run.waits(), run.end()).isTrue();
    }

    /**
     * The same rule for a session whose end the wait noted while it was still ahead: each hold is cut
     * to the time the session has left, so once that was used up (Dock still answering {@code pending})
     * every read went out unheld, one every minimum interval, each counted against the poll cap, until
     * the cap or the wait's own bound.
     */
    @Test
    void aSessionStillPendingAfterItsNotedEndDoesNotGetARunOfUnheldReads() throws Exception {
        Run run = waitOnAPendingSession(T0.plusSeconds(10), 20);
        assertThat(run.waits().stream().filter(Run::unheld).count())
                .as("unheld reads among %s (the wait ended with %s)", run.waits(), run.end()).isLessThanOrEqualTo(2);
    }

    /** The {@code ?wait=} of each read of a wait on a session Dock answers {@code pending}, ending at {@code expiresAt}. */
    private record Run(List<String> waits, Throwable end) {
        static boolean unheld(String wait) {
            return wait == null || "0".equals(wait);
        }
    }

    private Run waitOnAPendingSession(Instant expiresAt, int reads) throws InterruptedException {
        String pending = """
                {"status":200,"data":{"id":"vsn_A1b2C3d4E5f6G7h8J9k0L1","pid":"PID-ABC12345","clientId":"user_123",
                "guildId":"987654321098765432","status":"pending","statusReason":null,"expiresAt":"%s",
                "verifyUrl":"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1",
                "reusedExisting":false},"meta":{"requestId":"req_abc123","version":"2.0.0"},"timestamp":"2026-05-07T00:00:00.000Z"}"""
                .formatted(expiresAt);
        server.setDispatcher(new SkewedClockDispatcher(time, Duration.ZERO)
                .answer(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(pending).build(),
                        reads));
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).build()) {
            Throwable end = catchThrowable(() -> dock.sessions().awaitCompletion("vsn_A1b2C3d4E5f6G7h8J9k0L1",
                    WaitOptions.builder().maxRequests(reads).build()));
            List<String> waits = new ArrayList<>();
            for (int i = server.getRequestCount(); i > 0; i--) {
                RecordedRequest request = server.takeRequest();
                waits.add(request.getUrl().queryParameter("wait"));
            }
            return new Run(waits, end);
        }
    }
}
