package dev.verifykit.dock;

import static dev.verifykit.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitStart;
import dev.verifykit.http.EventStreamReader;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.DockInternals;
import dev.verifykit.testing.SteppedClock;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stream wait with a 60-s timeout whose streaming fails goes on with long-polls (the fallback).
 * The fallback was given the stream's deadline as a wall-clock {@code Instant}
 * ({@code StreamRun.fallBack}: {@code rest.deadline(plan.deadline())}), which its own wait turned
 * back into monotonic time against the wall clock read <em>then</em>. A wall-clock step between the
 * stream's start and the fallback (an NTP correction, here as the stream open was refused) counted
 * as time: stepped back an hour, the long-polls ran on to the session's natural deadline (5 min 5 s),
 * far past the caller's 60-s timeout; stepped forward, they gave up at once. A wait's deadline is now
 * a reading of the monotonic clock from the moment it is planned, which the fallback takes over.
 */
class StreamFallbackWallClockStepTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final EventStreamReader NEVER_READ = (response, maxBytes, handler) -> { };

    @StartStop
    private final MockWebServer server = new MockWebServer();

    @ParameterizedTest(name = "wall clock stepped {0} h")
    @ValueSource(longs = {-1, 1})
    void theLongPollsAfterAFallbackEndAtTheCallersTimeoutWhateverTheWallClockDid(long stepHours) throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(T0);
        SteppedClock clock = new SteppedClock(time);
        AtomicInteger requests = new AtomicInteger();
        String pending = """
                {"status":200,"data":{"id":"%s","pid":"PID-ABC12345","clientId":"user_123","guildId":null,
                "status":"pending","statusReason":null,"expiresAt":"2026-05-07T00:05:00.000Z",
                "verifyUrl":"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=%s",
                "reusedExisting":false},"meta":{"requestId":"req_1","version":"2.0.0"},"timestamp":"2026-05-07T00:00:00.000Z"}"""
                .formatted(ID, ID);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.incrementAndGet();
                if (request.getUrl().encodedPath().endsWith("/stream")) {
                    clock.wallOff(Duration.ofHours(stepHours)); // NTP steps the wall clock an hour
                    return new MockResponse.Builder().code(503).setHeader("Content-Type", "application/json")
                            .body("{\"status\":503,\"error\":\"INTERNAL_ERROR\",\"message\":\"down\",\"meta\":"
                                    + "{\"requestId\":\"req_s\",\"version\":\"2.0.0\"},\"timestamp\":\"2026-05-07T00:00:00.000Z\"}")
                            .build();
                }
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(pending).build();
            }
        });
        List<WaitStart> waits = new CopyOnWriteArrayList<>();
        VerifyKitListener listener = new VerifyKitListener() {
            @Override
            public void onWaitStart(WaitStart wait) {
                waits.add(wait);
            }
        };
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(clock).listener(listener).build()) {
            okhttp3.Dispatcher calls = DockInternals.waitDispatcher(dock);
            SessionStreams streams = dock.sessions().streams(NEVER_READ,
                    StreamSettings.builder().maxConsecutiveFailures(1).build());
            CompletableFuture<DockSession> wait = streams.awaitCompletionAsync(ID,
                    WaitOptions.builder().timeout(Duration.ofSeconds(60)).build());

            // the open was refused, streaming given up, the long-polls' wait started (and its first turn
            // scheduled, or the wait over)
            awaitTrue(() -> requests.get() == 1 && waits.size() == 2
                    && (wait.isDone() || idle(calls) && time.pendingTasks() > 0));
            assertThat(waits.get(1).timeout())
                    .as("the fallback's timeout, no virtual time having passed since the stream's 60-s wait began")
                    .hasValue(Duration.ofSeconds(60));
            assertThat(wait.isDone()).as("the wait, no virtual time having passed").isFalse();

            time.advance(Duration.ofSeconds(61)); // past the caller's 60 s: the long-polls' turn comes, then the deadline
            awaitTrue(() -> wait.isDone() || requests.get() >= 2 && idle(calls) && time.pendingTasks() > 0);

            assertThat(wait.isDone()).as("the wait 61 s into its 60-s timeout").isTrue();
            assertThatThrownBy(wait::get).hasCauseInstanceOf(WaitTimeoutException.class);
        }
    }

    private static boolean idle(okhttp3.Dispatcher calls) {
        return calls.runningCallsCount() == 0 && calls.queuedCallsCount() == 0;
    }
}
