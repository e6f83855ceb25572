package dev.verifykit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.Background;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A call cut by its caller is told cancelled (no failure) on every path: a blocking wait's read cut
 * by the client's close, a retried create closed while it waits for its create token, a create on a
 * thread its caller interrupted. Before, each was told as failed.
 */
class CancelledCallTest {
    private MockServer mock;
    private final List<CallEnd> ends = new CopyOnWriteArrayList<>();
    private final CountDownLatch bucketWait = new CountDownLatch(1);
    private final VerifyKitListener listener = new VerifyKitListener() {
        @Override
        public void onCreateBucketWait(CallStart call, BucketWait wait) {
            bucketWait.countDown();
        }

        @Override
        public void onCallEnd(CallStart call, CallEnd end) {
            ends.add(end);
        }
    };

    @BeforeEach
    void start() {
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().maxWait(Duration.ofSeconds(1)).build()).build());
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    private DockClient.Builder client() {
        return DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl()).listener(listener)
                .retryPolicy(RetryPolicy.builder().maxRetries(2).baseDelay(Duration.ofMillis(10))
                        .maxDelay(Duration.ofMillis(20)).build());
    }

    private static CreateSessionParams params(String clientId) {
        return CreateSessionParams.builder().pid("PID-FREE0001").clientId(clientId).build();
    }

    /**
     * A create whose first attempt got a 503 and whose retry then waits for a create token (a bucket
     * of one, refilled in an hour) is closed by its client during that wait: nothing more is sent, the
     * caller's close cut it. Closed during the retry's delay, the same call is told cancelled
     * (sendTraced marks the trace when lifecycle.sleep answers closed); closed during the token wait
     * before the same attempt, sendTraced throws the previous failure (the 503) with the guard's
     * WaitCancelledException suppressed, and never marks the trace: told failed with the ServerException.
     */
    @Test
    void aRetriedCreateClosedWhileWaitingForItsCreateTokenIsToldCancelled() throws Exception {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503), 1);
        DockClient dock = client().guardrails(DockGuardrails.builder().createBurst(1).createRefill(Duration.ofHours(1))
                .build()).createTokenWait(Duration.ofHours(2)).build();
        try {
            CompletableFuture<Void> creating = Background.run(() -> dock.sessions().create(params("user_1")));
            assertThat(bucketWait.await(30, TimeUnit.SECONDS)).as("the retry waits for a create token").isTrue();
            dock.close();
            assertThatThrownBy(() -> creating.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(VerifyKitException.class);
        } finally {
            dock.close();
        }
        assertThat(ends).hasSize(1);
        CallEnd end = ends.get(0);
        assertThat(end.failure()).as("the failure told for a create the client's close cut in its token wait").isEmpty();
        assertThat(end.cancelled()).isTrue();
    }

    /**
     * A blocking create made on a thread its caller interrupted (an executor's shutdownNow()): on a
     * pooled connection Okio refuses the write with an InterruptedIOException("interrupted") before the
     * AttemptDeadlines watchdog looks at the thread (every 100 ms), so the attempt is classified as an
     * ordinary I/O failure ("failed: interrupted"), not cancelled, and the call is told failed although
     * the changelog says a blocking call's interrupted thread is told cancelled.
     */
    @Test
    void aCreateOnAnInterruptedThreadIsToldCancelled() throws Exception {
        try (DockClient dock = client().createTokenWait(Duration.ZERO).build()) {
            dock.sessions().create(params("user_1")); // a pooled connection for the next call
            ends.clear();
            CompletableFuture<Throwable> thrown = Background.supply(() -> {
                Thread.currentThread().interrupt();
                try {
                    dock.sessions().create(params("user_2"));
                    return null;
                } catch (RuntimeException e) {
                    return e;
                } finally {
                    Thread.interrupted();
                }
            });
            assertThat(thrown.get(30, TimeUnit.SECONDS)).as("the interrupted create fails").isNotNull();
        }
        assertThat(ends).hasSize(1);
        CallEnd end = ends.get(0);
        assertThat(end.failure()).as("the failure told for a create its caller's interrupt cut").isEmpty();
        assertThat(end.cancelled()).isTrue();
    }

    @Test
    void aBlockingWaitsReadCutByCloseIsToldCancelledNotFailed() throws Exception {
        List<CallEnd> ends = new CopyOnWriteArrayList<>();
        List<CallStart> starts = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch sent = new java.util.concurrent.CountDownLatch(1);
        VerifyKitListener listener = new VerifyKitListener() {
            @Override
            public void onCallEnd(CallStart call, CallEnd end) {
                starts.add(call);
                ends.add(end);
            }
        };
        try (MockServer mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder()
                .maxWait(Duration.ofSeconds(20)).build()).build())) {
            DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                    .guardrails(DockGuardrails.builder().maxWait(Duration.ofSeconds(20)).build())
                    .okHttpClient(new okhttp3.OkHttpClient.Builder().eventListener(new okhttp3.EventListener() {
                        @Override
                        public void requestHeadersEnd(okhttp3.Call call, okhttp3.Request request) {
                            if (request.url().queryParameter("wait") != null) {
                                sent.countDown();
                            }
                        }
                    }).build())
                    .listener(listener).build();
            try {
                DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                        .clientId("user_1").build());
                CompletableFuture<String> waiting = Background.supply(() -> {
                    try {
                        dock.sessions().awaitCompletion(session.id(), WaitOptions.builder().timeout(Duration.ofMinutes(2)).build());
                        return "completed";
                    } catch (WaitCancelledException e) {
                        return "cancelled";
                    }
                });
                // the long-poll reached the mock, which holds it (up to 20 s)
                assertThat(sent.await(60, TimeUnit.SECONDS)).isTrue();
                dock.close();
                assertThat(waiting.get(60, TimeUnit.SECONDS)).isEqualTo("cancelled");
            } finally {
                dock.close();
            }
        }
        int read = -1;
        for (int i = 0; i < starts.size(); i++) {
            if (starts.get(i).operation().equals("GET /v2/sessions/{id}")) {
                read = i;
            }
        }
        assertThat(read).as("the wait's read was told ended").isNotNegative();
        CallEnd end = ends.get(read);
        assertThat(end.failure()).as("the failure told for the read the client's close cut").isEmpty();
        assertThat(end.cancelled()).isTrue();
    }
}
