package dev.verifykit.sse;

import static dev.verifykit.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitStart;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SessionStream: "Closing it stops at once: the connection is cancelled, no reconnect follows".
 * A stream whose opens failed goes on with long-polls (StreamRun.fallBack): the check that the
 * stream has not ended ({@code !isDone()} in {@code follow}) and the start of the long-polls
 * ({@code dock.carryOn}) are not one step with the stream's close. A close() that returns in between
 * (here: while the long-polls' wait is being announced to the client's listener) leaves the
 * long-polls to start after it: the session's gate admits a read (one of its poll cap) and the
 * long-poll's attempt starts, after close() returned.
 */
class StreamClosedAsItFallsBackTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private final CountDownLatch release = new CountDownLatch(1);
    private DockClient dock;

    @AfterEach
    void tearDown() {
        release.countDown();
        if (dock != null) {
            dock.close();
        }
    }

    @Test
    void noReadOfTheSessionStartsAfterTheStreamsCloseReturnedAsItFellBackToLongPolls() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
        StreamWireTest.Script script = fallingBack();
        CountDownLatch fallingBack = new CountDownLatch(1);
        CountDownLatch longPollsEnded = new CountDownLatch(1);
        List<String> startedAfterClose = new CopyOnWriteArrayList<>();
        boolean[] closeReturned = new boolean[1];
        dock = client(time).listener(new VerifyKitListener() {
                    @Override
                    public void onWaitStart(WaitStart wait) {
                        if (wait.operation().equals("dock.awaitCompletion")) {
                            fallingBack.countDown();
                            try {
                                release.await(20, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }

                    @Override
                    public void onWaitEnd(WaitStart wait, WaitEnd end) {
                        if (wait.operation().equals("dock.awaitCompletion")) {
                            longPollsEnded.countDown();
                        }
                    }

                    @Override
                    public void onAttemptStart(CallStart call, int attempt) {
                        synchronized (closeReturned) {
                            if (closeReturned[0]) {
                                startedAfterClose.add(call.operation());
                            }
                        }
                    }
                })
                .build();
        StreamWireTest.Recorder recorder = new StreamWireTest.Recorder();
        SessionStream stream = DockSessionStreams.of(dock, StreamSettings.builder().maxConsecutiveFailures(1)
                .readTimeout(Duration.ofSeconds(30)).build()).open(ID, recorder);

        assertThat(fallingBack.await(20, TimeUnit.SECONDS)).as("the stream went on with long-polls").isTrue();
        // closed on another thread while the long-polls are being started: close() returns at once, or
        // waits for that start (and then ends the long-polls); either way nothing may start after it returned
        Thread closer = new Thread(() -> {
            stream.close();
            synchronized (closeReturned) {
                closeReturned[0] = true;
            }
        }, "closer");
        closer.start();
        awaitTrue(() -> closer.getState() == Thread.State.TERMINATED || closer.getState() == Thread.State.WAITING
                && LockSupport.getBlocker(closer) instanceof AbstractQueuedSynchronizer); // returned, or waiting for the stream's lock
        time.advance(Duration.ofSeconds(1)); // the session's minimum interval since the failed open has passed
        release.countDown();
        closer.join(20_000);
        assertThat(closer.isAlive()).as("close() returned").isFalse();
        assertThat(stream.isOpen()).isFalse();
        assertThat(recorder.calls).contains("closed");
        assertThat(longPollsEnded.await(20, TimeUnit.SECONDS)).as("the long-polls' wait ended").isTrue();

        assertThat(startedAfterClose)
                .as("reads of the session started after the stream's close() returned (requests the server had: %s)",
                        script.requests.stream().map(r -> r.getMethod() + " " + r.getUrl().encodedPath()).toList())
                .isEmpty();
    }

    /**
     * The same start of the long-polls, the stream closed by the client's listener as it is told of
     * their wait, on that thread (which holds the stream's lock): the long-polls are cancelled once
     * started, not left to read the session on after the close.
     */
    @Test
    void longPollsStartedAsAListenerClosesTheStreamEnd() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
        fallingBack();
        SessionStream[] stream = new SessionStream[1];
        CountDownLatch opened = new CountDownLatch(1);
        CountDownLatch longPollsEnded = new CountDownLatch(1);
        dock = client(time).listener(new VerifyKitListener() {
                    @Override
                    public void onWaitStart(WaitStart wait) {
                        if (wait.operation().equals("dock.awaitCompletion")) {
                            try {
                                opened.await(20, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            stream[0].close();
                        }
                    }

                    @Override
                    public void onWaitEnd(WaitStart wait, WaitEnd end) {
                        if (wait.operation().equals("dock.awaitCompletion")) {
                            longPollsEnded.countDown();
                        }
                    }
                })
                .build();
        StreamWireTest.Recorder recorder = new StreamWireTest.Recorder();
        stream[0] = DockSessionStreams.of(dock, StreamSettings.builder().maxConsecutiveFailures(1)
                .readTimeout(Duration.ofSeconds(30)).build()).open(ID, recorder);
        opened.countDown();

        assertThat(longPollsEnded.await(20, TimeUnit.SECONDS)).as("the long-polls' wait ended with the stream's close")
                .isTrue();
        assertThat(stream[0].isOpen()).isFalse();
        assertThat(recorder.calls).contains("closed");
    }

    /** A server whose one stream open fails (503), so that the stream goes on with long-polls, each answered pending. */
    private StreamWireTest.Script fallingBack() {
        StreamWireTest.Script script = new StreamWireTest.Script();
        script.then(StreamWireTest.envelopeError(503, "INTERNAL_ERROR", null));
        script.fallback = request -> new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"status\":200,\"data\":" + StreamWireTest.session("pending") + ",\"meta\":{\"requestId\":\"req_1\","
                        + "\"version\":\"2.0.0\"},\"timestamp\":\"2026-05-07T00:00:00.000Z\"}")
                .build();
        server.setDispatcher(script);
        return script;
    }

    private DockClient.Builder client(VirtualScheduler time) {
        return DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(time)
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(100)).keepAlive(Duration.ofMillis(200))
                        .build());
    }
}
