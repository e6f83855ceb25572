package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServerLifecycleTest {

    private static final int HELD = 20;

    /**
     * The README's promise: {@code close()} answers held long-polls with the session's state, it does not cut them.
     * The polls wait an hour (the client's timeouts are 40 s): only the close answers them, however long
     * a loaded machine takes to have all of them held (with 25 s, the first one's wait could end first).
     */
    @Test
    void closeAnswersEveryHeldLongPollBeforeItClosesTheConnections() throws Exception {
        MockServer server = MockServer.start(MockSettings.builder()
                .dock(DockSettings.builder().createBurst(HELD).maxWait(java.time.Duration.ofHours(1)).build()).build());
        Http http = new Http(server);
        List<CompletableFuture<Integer>> held = new ArrayList<>();
        for (int i = 0; i < HELD; i++) {
            String id = http.newSession("held-" + i);
            held.add(Background.supply(() -> http.read(Http.FREE, id, "wait=3600").status()));
        }
        HeldPolls.await(server, HELD, held);

        server.close();
        server.close(); // a second close does nothing

        for (CompletableFuture<Integer> poll : held) {
            assertThat(poll.get(1, TimeUnit.MINUTES)).isEqualTo(200);
        }
    }

    /**
     * A test that stops the server under a client and starts it again at the same address (a restart).
     * The connections the server closed wait in TIME_WAIT on its port, which keeps it from being bound
     * again for a minute unless the listener had SO_REUSEADDR (mockwebserver3 sets it only for a fixed port).
     */
    @Test
    void aClosedServersPortCanBeBoundAgainAtOnceThoughItHadConnections() {
        MockServer first = MockServer.start();
        int port = first.port();
        assertThat(new Http(first).get(null, "/_mock/health").status()).isEqualTo(200); // a kept-alive connection

        first.close();

        try (MockServer again = MockServer.start(MockSettings.builder().port(port).build())) {
            assertThat(again.port()).isEqualTo(port);
            assertThat(new Http(again).get(null, "/_mock/health").status()).isEqualTo(200);
        }
    }

    /**
     * A launcher ends {@code MockServerMain.runUntilShutdown} by interrupting its thread, which then
     * closes the server: MockWebServer's close, waiting for its threads on a latch, threw
     * {@code InterruptedException} at once and left them serving (the CLI's JVM did not end).
     */
    @Test
    void aCloseOnAnInterruptedThreadStopsTheServerAndKeepsTheInterrupt() {
        MockServer first = MockServer.start();
        int port = first.port();
        assertThat(new Http(first).get(null, "/_mock/health").status()).isEqualTo(200);

        Thread.currentThread().interrupt();
        Throwable thrown;
        boolean stillInterrupted;
        try {
            thrown = catchThrowable(first::close);
        } finally {
            stillInterrupted = Thread.interrupted();
        }

        assertThat(thrown).as("what close() threw").isNull();
        assertThat(stillInterrupted).as("the thread's interrupt kept").isTrue();
        try (MockServer again = MockServer.start(MockSettings.builder().port(port).build())) {
            assertThat(again.port()).as("the port was freed").isEqualTo(port);
        }
    }

    @Test
    void aTakenPortIsNamedInTheFailure() {
        try (MockServer running = MockServer.start()) {
            assertThatThrownBy(() -> MockServer.start(MockSettings.builder().port(running.port()).build()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessage("Cannot start the mock server on 127.0.0.1:" + running.port());
        }
    }
}
