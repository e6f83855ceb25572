package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link VerifyKitListener#onWaitEnd}: "Its calls have ended by then ({@code onCallEnd}), its call in
 * flight when it was cancelled (by its caller ...) included". A stream open cut by the wait's
 * deadline before its head came tells its call's end ({@code StreamRun.Attempt.cutByDeadline})
 * before it takes the attempt's {@code settled} flag, which decides between the open's end and a
 * cancel: the caller's cancel, coming while that end is being told, found the flag free, took the
 * attempt as cancelled in time (its own {@code CallTrace.ended} returning at once, the end being
 * told on the other thread) and told the wait's end while the call's end was still being told.
 */
class StreamOpenCutAsItsWaitIsCancelledTest {
    private static final EventStreamReader READER = (response, maxBytes, handler) -> { };

    @Test
    void aWaitCancelledWhileItsOpensCutIsToldEndsAfterThatCall() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        CountDownLatch openStarted = new CountDownLatch(1);
        CountDownLatch inCallEnd = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        List<String> told = new CopyOnWriteArrayList<>();
        CompletableFuture<WaitEnd> waitEnd = new CompletableFuture<>();
        VerifyKitListener listener = new VerifyKitListener() {
            @Override
            public void onAttemptStart(CallStart call, int attempt) {
                if (call.operation().endsWith("/stream")) {
                    openStarted.countDown();
                }
            }

            @Override
            public void onCallEnd(CallStart call, CallEnd end) {
                if (!call.operation().endsWith("/stream")) {
                    return;
                }
                told.add("call end begins");
                inCallEnd.countDown();
                try {
                    cancelled.await(10, TimeUnit.SECONDS); // a listener taking its time (a span exporter)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                told.add("call end told");
            }

            @Override
            public void onWaitEnd(WaitStart wait, WaitEnd end) {
                told.add("wait end");
                waitEnd.complete(end);
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

            Thread timer = new Thread(() -> time.advance(Duration.ofSeconds(11)), "test-timer"); // the open's deadline
            timer.setDaemon(true);
            timer.start();
            assertThat(inCallEnd.await(30, TimeUnit.SECONDS)).as("the open's end, cut by the deadline, is being told").isTrue();
            wait.cancel(true); // the caller gives up meanwhile
            cancelled.countDown();
            waitEnd.get(30, TimeUnit.SECONDS);
            timer.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(told).as("what the listener was told, in order").startsWith("call end begins", "call end told", "wait end");
    }
}
