package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.PollCapException;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitStart;
import dev.verifykit.time.VirtualScheduler;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code WaitException.attempts()}: "How many requests the wait made"; {@code WaitEnd.attempts()}:
 * "Requests the wait made". A wait whose read Dock refused at the session's poll cap (its 429
 * {@code session_polls}, none remaining) made that read: the server answered it. Its
 * {@code PollCapException} counted one request less than the wait made (and than its {@code WaitEnd}
 * told): {@code Poller.onFailure}'s {@code attempts - 1}.
 */
class ServerPollCapRefusalAttemptsTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();
    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
    private DockClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void aWaitRefusedByDocksPollCapCountsTheRefusedRead() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
                .body("{\"status\":429,\"error\":\"RATE_LIMITED\",\"message\":\"Poll cap reached\","
                        + "\"meta\":{\"requestId\":\"req_cap\",\"version\":\"2.0.0\",\"rateLimit\":{\"scope\":\"session_polls\","
                        + "\"limit\":60,\"remaining\":0}}}").build());
        List<WaitEnd> ends = new CopyOnWriteArrayList<>();
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).listener(new VerifyKitListener() {
                    @Override
                    public void onWaitEnd(WaitStart wait, WaitEnd end) {
                        ends.add(end);
                    }
                }).build();

        Throwable thrown = catchThrowable(() -> client.sessions().awaitCompletion("vsn_x"));

        assertThat(server.getRequestCount()).as("reads Dock answered").isEqualTo(1);
        assertThat(ends).singleElement().satisfies(end -> assertThat(end.attempts()).as("WaitEnd.attempts").isEqualTo(1));
        assertThat(thrown).isInstanceOfSatisfying(PollCapException.class,
                cap -> assertThat(cap.attempts()).as("PollCapException.attempts(): the requests the wait made").isEqualTo(1));
    }
}
