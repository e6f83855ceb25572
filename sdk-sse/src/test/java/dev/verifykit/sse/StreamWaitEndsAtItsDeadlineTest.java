package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.RawServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A stream wait with the default {@code StreamSettings} (a 20-s read timeout, falling back to
 * long-polls) and a short deadline, against servers that never finish: silent, a stream's head and
 * nothing more, a refusal whose body never comes, bytes trickled with no line ever ending, a stream
 * cut inside its first event. Each of the three ways to follow a session (blocking, asynchronous, a
 * listener) ends at the wait's deadline (README: "a wait ends within about a second of its deadline,
 * whatever the server does, with a WaitTimeoutException"), not at the read timeout, and leaves no
 * connection open. The deadline is short and the servers never answer, so nothing races real time:
 * the hang guard is far beyond the deadline but short of the read timeout the wait would otherwise take
 * (on a stalled machine the deadline may pass before any open: the wait ends so all the same).
 */
class StreamWaitEndsAtItsDeadlineTest {
    static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    static final String SSE_HEAD = HostileStreamServerTest.SSE_HEAD;
    static final Duration GUARD = Duration.ofSeconds(15);
    static final WaitOptions WAIT = WaitOptions.builder().timeout(Duration.ofMillis(500)).build();

    enum Server {
        SILENT(conn -> { }),
        HEAD_ONLY(conn -> conn.write(SSE_HEAD)),
        /** A refused open (503) whose body never comes past its first byte. */
        REFUSAL_HANGS(conn -> conn.write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                + "Content-Length: 500\r\n\r\n{")),
        /** Bytes of a line that never ends, each well within the read timeout. */
        TRICKLE(RawServer.trickling(SSE_HEAD + "data: ", "x")),
        /** A chunked stream cut inside its first event; the connection closed. */
        TRUNCATED(RawServer.cutAfter("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "100\r\nevent: session\nid: 1\ndata: {\"id\":"));

        final RawServer.Handler handler;

        Server(RawServer.Handler handler) {
            this.handler = handler;
        }
    }

    enum Way {
        BLOCKING, ASYNC, LISTENER
    }

    /**
     * Each way made once against a server that ends the session at once, so that the classes a stream
     * loads are loaded before a case's short deadline runs: a cold first open could come after it.
     */
    @BeforeAll
    static void warmUp() throws Exception {
        try (RawServer server = new RawServer(conn -> conn.write(SSE_HEAD + StreamWireTest.event(1, "completed")));
                DockClient dock = DockClient.builder().apiKey("dock_test_stream_deadline_91e2")
                        .baseUrl(server.url("/dock")).build()) {
            SessionStreams streams = DockSessionStreams.of(dock);
            for (Way way : Way.values()) {
                assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> follow(streams, way)));
            }
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Server server : Server.values()) {
            for (Way way : Way.values()) {
                all.add(Arguments.of(server, way));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1} against {0}")
    @MethodSource("cases")
    void endsAtTheWaitsDeadlineNotTheReadTimeout(Server kind, Way way) throws Exception {
        try (RawServer server = new RawServer(kind.handler); DockClient dock = DockClient.builder()
                .apiKey("dock_test_stream_deadline_91e2").baseUrl(server.url("/dock")).build()) {
            SessionStreams streams = DockSessionStreams.of(dock);
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> follow(streams, way));

            assertThat(thrown).isInstanceOf(WaitTimeoutException.class).hasMessageContaining("reached its deadline");
            // the wait's end left no connection open, before the client's close() could end it
            assertTimeoutPreemptively(GUARD, () -> {
                while (server.open.get() != 0) {
                    Thread.sleep(10);
                }
            });
        }
    }

    /** What the wait ended with, as each way tells it. */
    private static Throwable follow(SessionStreams streams, Way way) throws Exception {
        switch (way) {
            case BLOCKING:
                return catchThrowable(() -> streams.awaitCompletion(ID, WAIT));
            case ASYNC: {
                CompletableFuture<DockSession> wait = streams.awaitCompletionAsync(ID, WAIT);
                Throwable thrown = catchThrowable(() -> wait.get(GUARD.toSeconds(), TimeUnit.SECONDS));
                assertThat(thrown).isInstanceOf(ExecutionException.class);
                return thrown.getCause();
            }
            default: {
                StreamWireTest.Recorder recorder = new StreamWireTest.Recorder();
                SessionStream stream = streams.open(ID, recorder, WAIT);
                assertThat(recorder.closed.await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("the listener told the stream closed")
                        .isTrue();
                assertThat(stream.isOpen()).isFalse();
                assertThat(recorder.errors).isNotEmpty();
                return recorder.errors.get(recorder.errors.size() - 1);
            }
        }
    }
}
