package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.testing.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream's wait ended by its client's close fails as any wait does then: a
 * {@link WaitCancelledException} whose {@code clientClosed()} says so ("whether it was cancelled
 * because its client was closed"), named in its message.
 */
class StreamEndedByTheClientsCloseTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private DockClient dock;

    @AfterEach
    void tearDown() {
        if (dock != null) {
            dock.close();
        }
    }

    @Test
    void aStreamOpenAtTheClientsCloseEndsCancelledByTheClose() throws Exception {
        StreamWireTest.Script script = new StreamWireTest.Script();
        // the head says more bytes are coming: the stream stays open, pending, until the close
        script.then(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                .setHeader("Content-Length", "100000").body(StreamWireTest.event(1, "pending")).build());
        server.setDispatcher(script);
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(100))
                        .keepAlive(Duration.ofMillis(200)).build())
                .build();
        CompletableFuture<DockSession> wait = DockSessionStreams.of(dock, StreamSettings.builder()
                .readTimeout(Duration.ofSeconds(60)).build()).awaitCompletionAsync(ID);
        Await.awaitTrue(() -> script.requests.size() == 1);

        dock.close();

        Throwable thrown = catchThrowable(() -> wait.get(30, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOfSatisfying(WaitCancelledException.class, cancelled -> {
            assertThat(cancelled.clientClosed()).as("clientClosed() of %s", cancelled).isTrue();
            assertThat(cancelled).hasMessageContaining("the client was closed");
        });
    }
}
