package dev.verifykit.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.Background;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A blocking wait's read (a long-poll the mock holds) cut by the client's {@code close()} is told
 * cancelled, as an asynchronous one's is: before, it was told as failed with a
 * {@code TransportException} ("was cancelled"), an error span and a failure timer for the caller's
 * own close.
 */
class CancelledCallTest {
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
