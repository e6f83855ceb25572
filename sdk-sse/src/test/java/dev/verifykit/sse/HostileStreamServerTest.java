package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.RawServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Session streams against a hostile server at the socket level ({@link RawServer}): reopens paced
 * whatever {@code retry:} says, lines and streams bounded, close final, refusals redacted.
 */
class HostileStreamServerTest {
    static final String KEY = "dock_test_hostile_sse_77c1";
    static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    static final String PENDING = "{\"id\":\"vsn_A1b2C3d4E5f6G7h8J9k0L1\",\"pid\":\"PID-ABC12345\",\"clientId\":\"user_123\","
            + "\"status\":\"pending\",\"statusReason\":null,\"expiresAt\":\"2036-05-07T00:05:00.000Z\","
            + "\"verifyUrl\":\"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1\","
            + "\"reusedExisting\":false}";
    static final String SSE_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n";
    static final Duration GUARD = Duration.ofSeconds(40);

    /** A server that writes {@code first}, then a keep-alive comment every 50 ms until the client leaves. */
    private static RawServer.Handler thenKeepAlives(String first) {
        return conn -> {
            conn.write(first);
            try {
                while (true) {
                    conn.write(": keep-alive\n");
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException gone) {
                // client left
            }
        };
    }

    private static DockClient dock(RawServer server) {
        return DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock"))
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).keepAlive(Duration.ofMillis(300)).build())
                .retryPolicy(RetryPolicy.builder().maxRetries(0).baseDelay(Duration.ofMillis(20)).maxDelay(Duration.ofMillis(50))
                        .maxRetryAfter(Duration.ofSeconds(1)).build())
                .maxResponseBytes(64 * 1024).build();
    }

    private static SessionStreams streams(DockClient dock) {
        return DockSessionStreams.of(dock, StreamSettings.builder().readTimeout(Duration.ofSeconds(1))
                .fallbackToLongPoll(false).build());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        assertTimeoutPreemptively(GUARD, () -> {
            while (!condition.getAsBoolean()) {
                Thread.sleep(10);
            }
        });
    }

    /** {@code retry: 0} asks for reopens at once: they still keep the minimum interval between opens. */
    @Test
    void retryZeroKeepsTheMinimumIntervalBetweenOpens() throws Exception {
        List<Long> accepts = new CopyOnWriteArrayList<>();
        try (RawServer server = new RawServer(conn -> {
            accepts.add(System.nanoTime());
            conn.write(SSE_HEAD + "retry: 0\n\nevent: session\nid: 1\ndata: " + PENDING + "\n\n");
            conn.socket.close();
        }); DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock"))
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(400)).build()).build()) {
            CompletableFuture<DockSession> wait = streams(dock).awaitCompletionAsync(ID);
            try {
                awaitTrue(() -> accepts.size() >= 4 || wait.isDone());
            } finally {
                wait.cancel(true);
            }
            assertThat(accepts).as("opens (the wait ended early otherwise, and no interval was measured)").hasSizeGreaterThanOrEqualTo(4);
            for (int i = 1; i < accepts.size(); i++) {
                assertThat(accepts.get(i) - accepts.get(i - 1)).isGreaterThanOrEqualTo(Duration.ofMillis(400).toNanos());
            }
        }
    }

    @Test
    void closeEndsAnOpenStreamAndItsSocket() throws Exception {
        try (RawServer server = new RawServer(thenKeepAlives(SSE_HEAD + "event: session\nid: 1\ndata: " + PENDING + "\n\n"))) {
            DockClient dock = dock(server);
            CompletableFuture<DockSession> wait = streams(dock).awaitCompletionAsync(ID);
            awaitTrue(() -> server.open.get() == 1);
            dock.close();
            Throwable thrown = catchThrowable(() -> wait.get(GUARD.toSeconds(), TimeUnit.SECONDS));
            assertThat(thrown).hasCauseInstanceOf(dev.verifykit.error.WaitCancelledException.class);
            awaitTrue(() -> server.open.get() == 0);
        }
    }

    /**
     * A stream that stays open after the terminal state (keep-alives, never an end) does not hold the
     * wait: the terminal state ends it and the client leaves the stream (found by mutation testing:
     * without the client's cancel the wait waited on the open stream, for ever here).
     */
    @Test
    void aTerminalStateEndsTheWaitThoughTheServerKeepsTheStreamOpen() throws Exception {
        try (RawServer server = new RawServer(thenKeepAlives(SSE_HEAD + StreamWireTest.event(1, "completed")));
                DockClient dock = dock(server)) {
            CompletableFuture<DockSession> wait = streams(dock).awaitCompletionAsync(ID);

            assertThat(wait.get(GUARD.toSeconds(), TimeUnit.SECONDS).isCompleted()).isTrue();
            awaitTrue(() -> server.open.get() == 0);
            assertThat(server.accepted.get()).as("one stream opened").isEqualTo(1);
        }
    }

    @Test
    void keepAlivesForeverEndAtTheWaitDeadlineAndTheSocketIsClosed() throws Exception {
        try (RawServer server = new RawServer(thenKeepAlives(SSE_HEAD + "retry: 0\n\nevent: session\nid: 1\ndata: " + PENDING + "\n\n"));
                DockClient dock = dock(server)) {
            CompletableFuture<DockSession> wait = streams(dock).awaitCompletionAsync(ID,
                    WaitOptions.builder().timeout(Duration.ofSeconds(2)).build());
            Throwable thrown = catchThrowable(() -> wait.get(GUARD.toSeconds(), TimeUnit.SECONDS));
            assertThat(thrown).hasCauseInstanceOf(WaitTimeoutException.class);
            awaitTrue(() -> server.open.get() == 0);
        }
    }

    @Test
    void aGiantLineIsMalformedAndBounded() throws Exception {
        AtomicLong written = new AtomicLong();
        List<VerifyKitException> errors = new CopyOnWriteArrayList<>();
        try (RawServer server = new RawServer(conn -> {
            conn.write(SSE_HEAD + "data: ");
            byte[] block = new byte[64 * 1024];
            java.util.Arrays.fill(block, (byte) 'x');
            try {
                while (written.get() < (48L << 20)) {
                    conn.write(block);
                    written.addAndGet(block.length);
                }
            } catch (IOException gone) {
                // client left
            }
        }); DockClient dock = dock(server)) {
            SessionStream stream = streams(dock).open(ID, new SessionListener() {
                        @Override
                        public void onError(VerifyKitException error) {
                            errors.add(error);
                        }
                    }, WaitOptions.builder().timeout(Duration.ofSeconds(20)).build());
            try {
                awaitTrue(() -> !errors.isEmpty());
            } finally {
                stream.close();
            }
            assertThat(errors.get(0)).isInstanceOf(MalformedResponseException.class);
            assertThat(written.get()).isLessThan(16L << 20);
        }
    }

    @Test
    void aHugeRetryIsClampedAndTheStreamReopened() throws Exception {
        try (RawServer server = new RawServer(conn -> {
            conn.write(SSE_HEAD + "retry: 999999999999\n\nevent: session\nid: 1\ndata: " + PENDING + "\n\n");
            conn.socket.close();
        }); DockClient dock = dock(server)) {
            CompletableFuture<DockSession> wait = streams(dock).awaitCompletionAsync(ID);
            try {
                awaitTrue(() -> server.accepted.get() >= 2 || wait.isDone());
                assertThat(wait).isNotDone();
            } finally {
                wait.cancel(true);
            }
        }
    }

    @Test
    void aRefusalEchoingTheKeyIsRedacted() throws Exception {
        try (RawServer server = new RawServer(conn -> {
            String body = "{\"status\":401,\"error\":\"INVALID_API_KEY\",\"message\":\"bad " + conn.header("Authorization")
                    + "\",\"meta\":{\"requestId\":\"" + KEY + "\"}}";
            conn.write("HTTP/1.1 401 " + KEY + "\r\nX-Request-Id: " + KEY + "\r\nWWW-Authenticate: Bearer " + KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        }); DockClient dock = dock(server)) {
            CompletableFuture<DockSession> wait = streams(dock).awaitCompletionAsync(ID);
            Throwable thrown = catchThrowable(() -> wait.get(GUARD.toSeconds(), TimeUnit.SECONDS));
            assertThat(thrown.getCause()).isInstanceOf(VerifyKitException.class);
            StringBuilder all = new StringBuilder();
            for (Throwable t = thrown.getCause(); t != null; t = t.getCause()) {
                all.append(t).append('\n');
            }
            assertThat(all.toString()).doesNotContain(KEY);
        }
    }

    /**
     * A stream open answered with an invalid (negative) {@code Content-Length} is a broken stream,
     * which the wait reopens: OkHttp's body source throws {@code IllegalArgumentException} at the
     * first read, which ended the whole wait "unexpectedly".
     */
    @Test
    void aStreamWithANegativeContentLengthIsReopened() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        try (RawServer server = new RawServer(conn -> {
            if (opens.getAndIncrement() == 0) {
                conn.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: -5\r\n\r\n"
                        + StreamWireTest.event(1, "pending"));
                conn.socket.shutdownOutput();
            } else {
                conn.write(SSE_HEAD + StreamWireTest.event(2, "completed"));
            }
        }); DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock"))
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).keepAlive(Duration.ofMillis(300)).build())
                .retryPolicy(RetryPolicy.builder().maxRetries(0).baseDelay(Duration.ofMillis(20)).maxDelay(Duration.ofMillis(50)).build())
                .build()) {
            DockSession done = assertTimeoutPreemptively(GUARD, () -> DockSessionStreams.of(dock,
                    StreamSettings.builder().readTimeout(Duration.ofSeconds(5)).fallbackToLongPoll(false).build())
                    .awaitCompletionAsync("vsn_A1b2C3d4E5f6G7h8J9k0L1")
                    .get(GUARD.toSeconds(), TimeUnit.SECONDS));
            assertThat(String.valueOf(done.status())).isEqualTo("completed");
            assertThat(opens.get()).isEqualTo(2);
        }
    }
}
