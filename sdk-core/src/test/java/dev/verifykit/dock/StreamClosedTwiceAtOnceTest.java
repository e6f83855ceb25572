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
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code SessionStream}: "Closing it stops at once: the connection is cancelled, no reconnect
 * follows". A stream's wait cancelled on two threads at once: the first close marks the stream
 * ended under its lock, then, the lock released, completes the future (running its dependents) and
 * only then cancels the stream's own wait; the second close found the stream ended and returned at
 * once, its wait still running: its open still in flight, cut later by the wait's deadline, the
 * wait told TIMED_OUT long after both had asked it to stop (a reconnect could as well have started).
 */
class StreamClosedTwiceAtOnceTest {
    private static final EventStreamReader READER = (response, maxBytes, handler) -> { };

    @Test
    void aSecondCloseReturnsOnlyOnceTheStreamsWaitIsStopped() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        CountDownLatch openStarted = new CountDownLatch(1);
        CompletableFuture<WaitEnd> streamWaitEnd = new CompletableFuture<>();
        VerifyKitListener listener = new VerifyKitListener() {
            @Override
            public void onAttemptStart(CallStart call, int attempt) {
                if (call.operation().endsWith("/stream")) {
                    openStarted.countDown();
                }
            }

            @Override
            public void onWaitEnd(WaitStart wait, WaitEnd end) {
                if (wait.operation().equals("dock.stream")) {
                    streamWaitEnd.complete(end);
                }
            }
        };
        try (MockServer mock = MockServer.start(MockSettings.builder()
                .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).build()).build());
                DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                        .scheduler(time).listener(listener).build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
            mock.faults().add("GET", "/dock/v2/sessions/*/stream", MockFault.delayHead(Duration.ofSeconds(60)), 5);
            SessionStreams streams = dock.sessions().streams(READER,
                    StreamSettings.builder().readTimeout(Duration.ofSeconds(30)).fallbackToLongPoll(false).build());
            CompletableFuture<DockSession> wait = streams.awaitCompletionAsync(session.id(),
                    WaitOptions.builder().timeout(Duration.ofSeconds(10)).build());
            assertThat(openStarted.await(30, TimeUnit.SECONDS)).as("the stream open started").isTrue();
            CountDownLatch inDependent = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            wait.whenComplete((value, failure) -> { // the application's own dependent, taking its time
                inDependent.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Thread first = new Thread(() -> wait.cancel(true), "first-close");
            first.setDaemon(true);
            first.start();
            assertThat(inDependent.await(30, TimeUnit.SECONDS)).as("the first close completes the future").isTrue();

            wait.cancel(true); // the second close, on this thread, returns
            time.advance(Duration.ofSeconds(11)); // past the wait's deadline

            release.countDown();
            first.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(streamWaitEnd.get(30, TimeUnit.SECONDS).outcome()).as("the stream's wait, as told")
                    .isEqualTo(WaitOutcome.CANCELLED);
        }
    }
}
