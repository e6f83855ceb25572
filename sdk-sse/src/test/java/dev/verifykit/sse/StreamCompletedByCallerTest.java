package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.event.StreamClose;
import dev.verifykit.event.StreamEvent;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The future of a stream's wait completed by the caller's code ({@code complete} or
 * {@code completeExceptionally}) closes the stream, as cancelling it does. Before, the stream
 * stayed open, and was reopened at the server's 30-s maximum, counting reads, until the session
 * ended or the client closed.
 */
class StreamCompletedByCallerTest {
    private static final Duration INTERVAL = Duration.ofMillis(50);
    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(INTERVAL).build()).build());

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void aStreamWaitCompletedByTheCallerClosesTheStream() throws Exception {
        for (boolean exceptionally : new boolean[] {false, true}) {
            CountDownLatch opened = new CountDownLatch(1);
            CountDownLatch closed = new CountDownLatch(1);
            VerifyKitListener events = new VerifyKitListener() {
                @Override
                public void onStreamOpen(StreamEvent stream) {
                    opened.countDown();
                }

                @Override
                public void onStreamClose(StreamEvent stream, StreamClose close) {
                    closed.countDown();
                }
            };
            try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                    .guardrails(DockGuardrails.builder().minPollInterval(INTERVAL).build()).listener(events).build()) {
                DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                        .clientId("u" + exceptionally).build());
                CompletableFuture<DockSession> wait = DockSessionStreams.of(dock).awaitCompletionAsync(session.id());
                assertThat(opened.await(10, TimeUnit.SECONDS)).as("the stream opened").isTrue();

                if (exceptionally) {
                    wait.completeExceptionally(new IllegalStateException("the caller's own timeout"));
                } else {
                    wait.complete(session);
                }

                assertThat(closed.await(10, TimeUnit.SECONDS)).as("the stream closed, well before the server's 30-s maximum")
                        .isTrue();
            }
        }
    }
}
