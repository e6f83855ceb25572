package dev.verifykit.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.internal.CancelsWaits;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.Background;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A blocking wait whose long-poll is held by Dock, ended by {@code close()} or by {@code cancelWaits()}
 * (the Spring starter's graceful shutdown), ends its call in flight inside the wait, as a cancel, a
 * caller's completion or an async wait's close do ({@link CallerCompletedWaitTest}). Before the fix,
 * the closing thread told the wait's end at once, while its read still ran on the waiting thread:
 * {@code onWaitEnd} came before the read's {@code onCallEnd}, and VerifyKitTracing ended the wait's span
 * before its child's.
 *
 * <p>The waiting thread is held in OkHttp's {@code callFailed} (after the cancel, before the read's end
 * is told) until {@code close()} or {@code cancelWaits()} has returned: the order then does not depend
 * on which thread is faster. (The end told by the closing thread came before that; a wait whose end
 * is told after its read's cannot have told it before.)
 */
class BlockingWaitEndedByCloseOrderTest {
    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().maxWait(Duration.ofSeconds(20)).build()).build());
    private final List<String> told = new CopyOnWriteArrayList<>();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch closeReturned = new CountDownLatch(1);

    @AfterEach
    void stop() {
        mock.close();
    }

    private DockClient client() {
        okhttp3.OkHttpClient okHttp = new okhttp3.OkHttpClient.Builder().eventListener(new okhttp3.EventListener() {
            @Override
            public void requestHeadersEnd(okhttp3.Call call, okhttp3.Request request) {
                if (request.url().queryParameter("wait") != null) {
                    held.countDown();
                }
            }

            @Override
            public void callFailed(okhttp3.Call call, IOException e) {
                if (call.request().url().queryParameter("wait") != null) {
                    try {
                        closeReturned.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }).build();
        return DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().maxWait(Duration.ofSeconds(20)).build())
                .okHttpClient(okHttp)
                .listener(new VerifyKitListener() {
                    @Override
                    public void onCallEnd(CallStart call, CallEnd end) {
                        if (call.waitId().isPresent()) {
                            told.add("callEnd");
                        }
                    }

                    @Override
                    public void onWaitStart(WaitStart wait) {
                        told.add("waitStart");
                    }

                    @Override
                    public void onWaitEnd(WaitStart wait, WaitEnd end) {
                        told.add("waitEnd " + end.outcome());
                    }
                }).build();
    }

    private void endHeldBlockingWait(boolean close) throws Exception {
        DockClient dock = client();
        try {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
            CompletableFuture<Object> waiting = Background.supply(() -> {
                try {
                    return dock.sessions().awaitCompletion(session.id(), WaitOptions.builder().timeout(Duration.ofMinutes(2)).build());
                } catch (RuntimeException e) {
                    return e;
                }
            });
            assertThat(held.await(60, TimeUnit.SECONDS)).as("the long-poll was sent").isTrue();
            if (close) {
                dock.close();
            } else {
                ((CancelsWaits) dock).cancelWaits();
            }
            closeReturned.countDown();
            assertThat(waiting.get(60, TimeUnit.SECONDS)).isInstanceOf(dev.verifykit.error.WaitCancelledException.class);
        } finally {
            dock.close();
        }
    }

    @Test
    void aBlockingWaitEndedByCloseEndsItsReadFirst() throws Exception {
        endHeldBlockingWait(true);
        assertThat(told).as("events of the wait and its read").containsExactly("waitStart", "callEnd", "waitEnd CANCELLED");
    }

    @Test
    void aBlockingWaitEndedByCancelWaitsEndsItsReadFirst() throws Exception {
        endHeldBlockingWait(false);
        assertThat(told).as("events of the wait and its read").containsExactly("waitStart", "callEnd", "waitEnd CANCELLED");
    }
}
