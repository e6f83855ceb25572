package dev.verifykit.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code VerifyKitListener.onAttemptStart}: "Its end is always told ({@link VerifyKitListener#onAttempt})".
 * Before the fix, an asynchronous wait's read cut in flight (the wait's future cancelled, or its
 * client closed) was told started, and its call told ended (cancelled), but the attempt's own end
 * never came: the call's end was told first, and {@code CallTrace.attemptEnded} dropped what OkHttp
 * reported after it. A blocking wait's read cut the same way was told both. A listener keeping
 * per-attempt state (an attempt span, an in-flight gauge, "on the wire" as the starter's shutdown
 * keeps it) kept it open. The cut attempt is now told ended as the blocking one is: no status, a
 * {@code TransportException}.
 */
class AttemptEndOfCancelledAsyncCallTest {
    private MockServer mock;
    private final ExecutorService waitThreads = Executors.newCachedThreadPool();
    /** Per call of a read: the events told of it, in order. */
    private final Map<Long, List<String>> reads = new ConcurrentHashMap<>();
    private final VerifyKitListener listener = new VerifyKitListener() {
        private void note(CallStart call, String what) {
            if (call.operation().startsWith("GET ")) {
                synchronized (reads) {
                    reads.computeIfAbsent(call.id(), id -> new ArrayList<>()).add(what);
                }
            }
        }

        @Override
        public void onAttemptStart(CallStart call, int attempt) {
            note(call, "attemptStart " + attempt);
        }

        @Override
        public void onAttempt(CallStart call, AttemptEnd attempt) {
            note(call, "attempt " + attempt.number() + " status " + attempt.status() + " "
                    + attempt.failure().orElse("answered"));
        }

        @Override
        public void onCallEnd(CallStart call, CallEnd end) {
            note(call, "callEnd " + (end.cancelled() ? "cancelled" : end.succeeded() ? "succeeded" : "failed"));
        }
    };

    @BeforeEach
    void start() {
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50))
                .maxWait(Duration.ofSeconds(50)).build()).build());
    }

    @AfterEach
    void stop() throws InterruptedException {
        waitThreads.shutdownNow();
        mock.close();
    }

    private DockClient client() {
        return DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(50))
                        .holdSpread(Duration.ZERO).build())
                .createTokenWait(Duration.ZERO).waitExecutor(waitThreads).listener(listener).build();
    }

    private void awaitHeldLongPoll() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (mock.dock().heldLongPolls() < 1 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(mock.dock().heldLongPolls()).as("long-polls held by the mock").isEqualTo(1);
    }

    /** Every OkHttp callback of the cut read has run (the wait threads are the test's own). */
    private void awaitCallbacks() throws InterruptedException {
        waitThreads.shutdown();
        assertThat(waitThreads.awaitTermination(30, TimeUnit.SECONDS)).as("wait threads done").isTrue();
    }

    @Test
    void anAsyncWaitsReadCutByTheCancelOfItsFutureIsToldItsAttemptsEnd() throws Exception {
        try (DockClient dock = client()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_1").build());
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id());
            awaitHeldLongPoll();
            wait.cancel(true);
            awaitCallbacks();
        }
        assertEveryAttemptToldItsEnd();
    }

    @Test
    void anAsyncWaitsReadCutByTheClientsCloseIsToldItsAttemptsEnd() throws Exception {
        try (DockClient dock = client()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_2").build());
            dock.sessions().awaitCompletionAsync(session.id());
            awaitHeldLongPoll();
        }
        awaitCallbacks();
        assertEveryAttemptToldItsEnd();
    }

    @Test
    void aBlockingWaitsReadCutByTheClientsCloseIsToldItsAttemptsEndTheSameWay() throws Exception {
        DockClient dock = client();
        try {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_3").build());
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try {
                    dock.sessions().awaitCompletion(session.id());
                } catch (RuntimeException expected) {
                    // cancelled by the close
                }
            }, waitThreads);
            awaitHeldLongPoll();
            dock.close();
            waiting.get(30, TimeUnit.SECONDS);
        } finally {
            dock.close();
        }
        assertEveryAttemptToldItsEnd();
    }

    /** Every read told started was told ended, the cut one (the last) as cut: no status, a TransportException. */
    private void assertEveryAttemptToldItsEnd() {
        synchronized (reads) {
            assertThat(reads).as("reads told").isNotEmpty();
            for (List<String> told : reads.values()) {
                long starts = told.stream().filter(e -> e.startsWith("attemptStart")).count();
                long ends = told.stream().filter(e -> e.startsWith("attempt ")).count();
                assertThat(ends).as("attempt ends told of a read whose events were %s", told).isEqualTo(starts);
                if (told.get(told.size() - 1).equals("callEnd cancelled")) {
                    assertThat(told).as("events of the cut read").endsWith(
                            "attempt " + starts + " status OptionalInt.empty TransportException", "callEnd cancelled");
                }
            }
        }
    }
}
