package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.event.AttemptEnd;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.StreamClose;
import dev.verifykit.event.StreamEvent;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitStart;
import dev.verifykit.http.EventStreamReader;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A stream closed by its caller just as its open's head arrives (here: while the listeners hear of
 * that attempt's end, on OkHttp's thread; in an application, a {@code close()}, a cancel, a shutdown
 * landing in that window). The close ends the open's call (cancelled) and the wait (cancelled) at
 * once; the head's thread then goes on as if nothing happened: it tells {@code onStreamOpen} after
 * the call's and the wait's ends, reads the cancelled body, and tells the stream closed as
 * {@code BROKEN}. RELIABILITY.md: "nothing but the end is told once a call ended"; a stream's opens
 * and closes are events of its wait's span (VerifyKitTracing drops both, the wait's span being
 * over), and {@code StreamCloseReason.CANCELLED} is "the wait ended (deadline, cancel, close) while
 * the stream was open" ({@code verifykit.streams.closed} counts a broken stream instead).
 */
class StreamClosedAsItsHeadArrivesTest {
    /** Reads the stream to its end, telling nothing: a cancelled call's body fails at once. */
    private static final EventStreamReader READER = (response, maxBytes, handler) -> {
        while (response.body().source().readUtf8Line() != null) {
            // keep reading
        }
    };

    @Test
    void aStreamClosedAsItsHeadArrivesIsNeverToldOpenAfterItsCallEndedNorClosedAsBroken() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        CountDownLatch headCame = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch streamOpenTold = new CountDownLatch(1);
        CompletableFuture<String> streamCloseTold = new CompletableFuture<>();
        VerifyKitListener listener = new VerifyKitListener() {
            @Override
            public void onAttempt(CallStart call, AttemptEnd attempt) {
                if (call.operation().endsWith("/stream")) {
                    headCame.countDown();
                    try {
                        closed.await(30, TimeUnit.SECONDS); // the caller's close lands now
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void onCallEnd(CallStart call, CallEnd end) {
                if (call.operation().endsWith("/stream")) {
                    told.add("callEnd" + (end.cancelled() ? " cancelled" : ""));
                }
            }

            @Override
            public void onWaitEnd(WaitStart wait, WaitEnd end) {
                told.add("waitEnd " + end.outcome());
            }

            @Override
            public void onStreamOpen(StreamEvent stream) {
                told.add("streamOpen");
                streamOpenTold.countDown();
            }

            @Override
            public void onStreamClose(StreamEvent stream, StreamClose close) {
                told.add("streamClose " + close.reason());
                streamCloseTold.complete(close.reason().name());
            }
        };
        try (MockServer mock = MockServer.start(MockSettings.builder()
                .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).build()).build());
                DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                        .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).build())
                        .listener(listener).build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
            SessionStream stream = dock.sessions().streams(READER, StreamSettings.builder().fallbackToLongPoll(false).build())
                    .open(session.id(), new SessionListener() {}, WaitOptions.builder().timeout(Duration.ofSeconds(30)).build());
            assertThat(headCame.await(30, TimeUnit.SECONDS)).as("the open's head came").isTrue();
            stream.close();
            closed.countDown();
            // told at once after the head's listeners return, if ever (a stream whose call ended is not told open)
            if (streamOpenTold.await(10, TimeUnit.SECONDS)) {
                streamCloseTold.get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(told).as("events of the stream's open, its call and its wait").startsWith("callEnd cancelled", "waitEnd CANCELLED");
        assertThat(told.subList(2, told.size())).as("told after the open's call and the wait ended, in %s", told).isEmpty();
    }
}
