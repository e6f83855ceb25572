package dev.verifykit.dock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.event.AttemptEnd;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitStart;
import dev.verifykit.http.EventStreamReader;
import dev.verifykit.http.internal.HttpTransport;
import dev.verifykit.mock.MockServer;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.testing.ForwardingScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code VerifyKitListener.onAttemptStart}: "Its end is always told"; {@code CallTrace}: "told once,
 * whatever ends it"; {@code CallMarks}: "the map holds only calls in flight". A scheduler of the
 * application's that refuses a task (its {@code ScheduledExecutorService} shut down: the case
 * {@code RefusingSchedulerEndsTheWaitTest} makes end the wait) refuses the deadline timer a stream
 * open schedules after its call was told started ({@code StreamRun.Attempt.start}): the wait ends
 * (failed, {@code Poller.Run.fire}), but the open's call, told started and its attempt told started,
 * is never told ended (its span stays open, no {@code verifykit.calls} for it) and its OkHttp call
 * keeps its mark in the transport for good (never enqueued, never told ended).
 */
class StreamOpenRefusedBySchedulerTest {
    /** Never called: the open never leaves. */
    private static final EventStreamReader READER = (response, maxBytes, handler) -> { };

    /** A virtual clock whose {@code schedule} refuses once told to. */
    private static final class RefusingScheduler extends ForwardingScheduler {
        final VirtualScheduler time = (VirtualScheduler) inner;
        final AtomicBoolean refuse = new AtomicBoolean();

        RefusingScheduler() {
            super(VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z")));
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            if (refuse.get()) {
                throw new RejectedExecutionException("the application's executor is shut down");
            }
            return time.schedule(delay, task);
        }
    }

    @Test
    void aStreamOpenWhoseDeadlineTimerIsRefusedIsToldEndedAndLeavesNoMark() throws Exception {
        RefusingScheduler scheduler = new RefusingScheduler();
        List<String> started = new CopyOnWriteArrayList<>();
        List<String> ended = new CopyOnWriteArrayList<>();
        List<String> attempts = new CopyOnWriteArrayList<>();
        CompletableFuture<WaitEnd> waitEnd = new CompletableFuture<>();
        VerifyKitListener listener = new VerifyKitListener() {
            @Override
            public void onCallStart(CallStart call) {
                if (call.waitId().isPresent()) {
                    started.add(call.operation());
                }
            }

            @Override
            public void onAttemptStart(CallStart call, int attempt) {
                if (call.waitId().isPresent()) {
                    attempts.add("start " + attempt);
                }
            }

            @Override
            public void onAttempt(CallStart call, AttemptEnd attempt) {
                if (call.waitId().isPresent()) {
                    attempts.add("end " + attempt.number());
                }
            }

            @Override
            public void onCallEnd(CallStart call, CallEnd end) {
                if (call.waitId().isPresent()) {
                    ended.add(call.operation());
                }
            }

            @Override
            public void onWaitEnd(WaitStart wait, WaitEnd end) {
                waitEnd.complete(end);
            }
        };
        try (MockServer mock = MockServer.start();
                DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                        .scheduler(scheduler).listener(listener).build()) {
            HttpTransport transport = ((DefaultDockClient) dock).transport();
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_1").build());
            SessionStreams streams = dock.sessions().streams(READER, StreamSettings.builder().fallbackToLongPoll(false).build());

            scheduler.refuse.set(true); // the application's executor shuts down
            CompletableFuture<DockSession> wait = streams.awaitCompletionAsync(session.id(),
                    WaitOptions.builder().timeout(Duration.ofMinutes(1)).build());
            Throwable failure = null;
            try {
                wait.get(20, TimeUnit.SECONDS); // a hang guard only: it ends at once
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            assertThat(failure).as("the wait ended, failed").isNotNull();
            assertThat(waitEnd.get(20, TimeUnit.SECONDS)).as("the wait's end told").isNotNull();

            assertThat(started).as("the stream open told started").containsExactly("GET /v2/sessions/{id}/stream");
            assertThat(ended).as("calls of the wait told ended (attempts told: %s; calls the transport keeps a mark of: %s)",
                    attempts, transport.markedCalls()).isEqualTo(started);
            assertThat(transport.markedCalls()).as("calls the transport keeps a mark of").isZero();
        }
    }
}
