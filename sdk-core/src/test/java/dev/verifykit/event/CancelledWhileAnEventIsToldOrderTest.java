package dev.verifykit.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.http.EventStreamReader;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitProgress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An asynchronous wait cancelled by its caller while one of its events is being told on OkHttp's thread
 * (a listener before the observed one is slow in it: a log appender, a synchronous exporter). "Events of
 * one call or wait arrive in order" ({@code VerifyKitListener}), and {@code onWaitEnd}: "its calls have
 * ended by then ({@code onCallEnd}), its call in flight when it was cancelled ... included, whether the
 * wait blocks or not". The caller's thread told the wait's end at once, and the later listeners heard the
 * read's or the stream open's end, or the wait's progress, after it: VerifyKitTracing ended the wait's
 * span before its child's (the case {@code BlockingWaitEndedByCloseOrderTest} fixed for a blocking
 * wait), and a listener keeping state per wait made it again for a wait that had ended. The slow listener
 * holds OkHttp's thread in the event until {@code cancel} has returned, so the order does not depend on
 * which thread is faster.
 */
class CancelledWhileAnEventIsToldOrderTest {
    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final String READ_END = "callEnd GET /v2/sessions/{id}";
    private static final String OPEN_END = "callEnd GET /v2/sessions/{id}/stream";
    /** The stream ends at once, with no event: a broken open, ended on OkHttp's thread. */
    private static final EventStreamReader READER = (response, maxBytes, handler) -> { };

    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(INTERVAL).maxWait(Duration.ofSeconds(1)).build()).build());
    private final List<String> told = new CopyOnWriteArrayList<>();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch cancelReturned = new CountDownLatch(1);
    private final CountDownLatch observedHeld = new CountDownLatch(1);
    private final CountDownLatch observedEnd = new CountDownLatch(1);

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void theReadsEndIsToldBeforeTheWaitsEnd() throws Exception {
        cancelWhileTelling(READ_END, (dock, id) -> dock.sessions().awaitCompletionAsync(id));

        assertThat(told).as("the read's end comes before its wait's").startsWith(READ_END);
        assertThat(told.get(told.size() - 1)).startsWith("waitEnd");
    }

    @Test
    void theOpensEndIsToldBeforeTheStreamWaitsEnd() throws Exception {
        cancelWhileTelling(OPEN_END, (dock, id) -> dock.sessions()
                .streams(READER, StreamSettings.builder().fallbackToLongPoll(false).build()).awaitCompletionAsync(id));

        assertThat(told).as("the open's end comes before its wait's").startsWith(OPEN_END);
        assertThat(told.get(told.size() - 1)).startsWith("waitEnd");
    }

    @Test
    void noProgressIsToldAfterTheWaitsEnd() throws Exception {
        cancelWhileTelling("progress", (dock, id) -> dock.sessions().awaitCompletionAsync(id));

        assertThat(told).as("nothing of the wait is told after its end").last().asString().startsWith("waitEnd");
    }

    /**
     * Starts a wait, holds the first {@code event} of it (its name as {@link #told} records it) in a listener
     * before the observed one, cancels the wait meanwhile, and lets the event go once the cancel returned.
     */
    private void cancelWhileTelling(String event, BiFunction<DockClient, String, CompletableFuture<DockSession>> start)
            throws InterruptedException {
        VerifyKitListener slow = new Recorder() {
            @Override
            void heard(String name) {
                if (name.equals(event) && held.getCount() > 0) {
                    held.countDown();
                    try {
                        cancelReturned.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        VerifyKitListener observed = new Recorder() {
            @Override
            void heard(String name) {
                told.add(name);
                if (name.equals(event)) {
                    observedHeld.countDown();
                }
                if (name.startsWith("waitEnd")) {
                    observedEnd.countDown();
                }
            }
        };
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(INTERVAL).maxWait(Duration.ofSeconds(1)).build())
                .listener(slow).listener(observed).build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
            CompletableFuture<DockSession> wait = start.apply(dock, session.id());
            assertThat(held.await(30, TimeUnit.SECONDS)).as("the wait's first " + event).isTrue();

            wait.cancel(true);
            cancelReturned.countDown();

            assertThat(observedEnd.await(30, TimeUnit.SECONDS)).as("the wait's end told").isTrue();
            // the event held when the cancel came: told before the end (or, for progress, not at all)
            observedHeld.await(30, TimeUnit.SECONDS);
        }
    }

    /** Names the events of a wait (its reads' and opens' ends, its progress, its end) for {@link #heard}. */
    private abstract static class Recorder implements VerifyKitListener {
        abstract void heard(String name);

        @Override
        public void onCallEnd(CallStart call, CallEnd end) {
            if (call.operation().startsWith("GET")) {
                heard("callEnd " + call.operation());
            }
        }

        @Override
        public void onWaitProgress(WaitStart wait, WaitProgress progress) {
            heard("progress");
        }

        @Override
        public void onWaitEnd(WaitStart wait, WaitEnd end) {
            heard("waitEnd " + end.outcome());
        }
    }
}
