package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitOutcome;
import dev.verifykit.event.WaitStart;
import dev.verifykit.http.EventStreamReader;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * {@code WaitOutcome.TIMED_OUT}: "It reached its deadline ({@code WaitTimeoutException}), or its caller's: the
 * caller completed its future with a {@code TimeoutException} ({@code orTimeout})". A session stream's
 * {@code awaitCompletionAsync} given its caller's {@code orTimeout} is told {@code CANCELLED}, where the
 * same timeout of a long-polling {@code awaitCompletionAsync} is told {@code TIMED_OUT}: the stream's
 * future is not the engine's, and its end cancels the engine's wait. Metrics count it
 * {@code verifykit.waits outcome=cancelled}, and the span is no error.
 */
class StreamTimedOutByItsCallerTest {
    private static final EventStreamReader READER = (response, maxBytes, handler) -> { };

    @Test
    void aStreamsWaitItsCallerTimesOutIsToldTimedOutAsALongPollsIs() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        CountDownLatch requestStarted = new CountDownLatch(2);
        Map<String, CompletableFuture<WaitEnd>> ends = new ConcurrentHashMap<>();
        VerifyKitListener listener = new VerifyKitListener() {
            @Override
            public void onAttemptStart(CallStart call, int attempt) {
                if (call.operation().startsWith("GET")) {
                    requestStarted.countDown();
                }
            }

            @Override
            public void onWaitEnd(WaitStart wait, WaitEnd end) {
                ends.computeIfAbsent(wait.operation(), o -> new CompletableFuture<>()).complete(end);
            }
        };
        try (MockServer mock = MockServer.start(MockSettings.builder()
                .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).build()).build());
                DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                        .scheduler(time).listener(listener).build()) {
            DockSession first = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
            DockSession second = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u2").build());
            mock.faults().add("GET", "/dock/v2/sessions/*/stream", MockFault.delayHead(Duration.ofSeconds(60)), 5);
            SessionStreams streams = dock.sessions().streams(READER,
                    StreamSettings.builder().readTimeout(Duration.ofSeconds(30)).fallbackToLongPoll(false).build());
            CompletableFuture<DockSession> stream = streams.awaitCompletionAsync(first.id());
            CompletableFuture<DockSession> longPolls = dock.sessions().awaitCompletionAsync(second.id());
            assertThat(requestStarted.await(30, TimeUnit.SECONDS)).as("the open and the long-poll started").isTrue();

            // what orTimeout does when its time comes
            longPolls.completeExceptionally(new TimeoutException());
            stream.completeExceptionally(new TimeoutException());

            assertThat(ends.computeIfAbsent("dock.awaitCompletion", o -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS)
                    .outcome()).as("the long-polling wait its caller timed out").isEqualTo(WaitOutcome.TIMED_OUT);
            assertThat(ends.computeIfAbsent("dock.stream", o -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS)
                    .outcome()).as("the stream's wait its caller timed out").isEqualTo(WaitOutcome.TIMED_OUT);
        }
    }
}
