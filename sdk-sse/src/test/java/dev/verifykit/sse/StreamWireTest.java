package dev.verifykit.sse;

import static dev.verifykit.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.event.AttemptEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.StreamClose;
import dev.verifykit.event.StreamCloseReason;
import dev.verifykit.event.StreamEvent;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.testing.DockInternals;
import dev.verifykit.time.VirtualScheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Session streams at the wire: framing, faults and lifecycle, against scripted responses. */
class StreamWireTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    private static final DockGuardrails FAST = DockGuardrails.builder()
            .minPollInterval(Duration.ofMillis(100))
            .keepAlive(Duration.ofMillis(200))
            .build();
    /**
     * The streams of tests not about the read timeout take 30 s of silence for dead, not twice the
     * 200-ms keep-alive: on a loaded machine a 400-ms stall (of the mock's throttled writer, or of
     * the client's reading thread) broke a stream, whose reopen found the script empty (a 404).
     */
    private static final StreamSettings PATIENT = StreamSettings.builder().readTimeout(Duration.ofSeconds(30)).build();

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final Script script = new Script();
    private DockClient dock;

    @BeforeEach
    void setUp() {
        server.setDispatcher(script);
    }

    /**
     * Released once the test is over: a stream that must stay silent waits for it (the client sees
     * the silence as long as the test needs it), and its writer thread, which the server's stop
     * waits for, ends then instead of sleeping out a fixed time.
     */
    private final CountDownLatch testOver = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        testOver.countDown();
        if (dock != null) {
            dock.close();
        }
    }

    /** Stays silent until the test is over (at most a minute, a bound on a test that hangs). */
    private void silentUntilTheTestIsOver() throws InterruptedException {
        testOver.await(60, TimeUnit.SECONDS);
    }

    private SessionStreams streams(DockGuardrails guardrails, StreamSettings settings) {
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrails(guardrails).build();
        return DockSessionStreams.of(dock, settings);
    }

    private SessionStreams streams() {
        return streams(FAST, PATIENT);
    }

    static String session(String status) {
        String result = status.equals("completed")
                ? ",\"result\":{\"discordId\":\"123456789012345678\",\"robloxId\":\"156319135\","
                        + "\"verifiedAt\":\"2026-05-07T00:01:12.000Z\",\"linkChanged\":false,\"previousRobloxId\":null,"
                        + "\"linkVersion\":1,\"linkHash\":\"sha256-x\"}"
                : "";
        return "{\"id\":\"" + ID + "\",\"pid\":\"PID-FREE0001\",\"clientId\":\"user_1\",\"guildId\":null,"
                + "\"status\":\"" + status + "\",\"statusReason\":null,\"expiresAt\":\"2099-01-01T00:00:00.000Z\","
                + "\"verifyUrl\":\"https://example.test/v\"" + result + "}";
    }

    static String event(int id, String status) {
        return "event: session\nid: " + id + "\ndata: " + session(status) + "\n\n";
    }

    static MockResponse stream(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                .setHeader("X-Request-Id", "req_stream").body(body).build();
    }

    static MockResponse stream(MockResponseBody body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream").body(body).build();
    }

    static MockResponse envelopeError(int status, String code, String retryAfter) {
        MockResponse.Builder builder = new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
                .setHeader("X-Request-Id", "req_err")
                .body("{\"status\":" + status + ",\"error\":\"" + code + "\",\"message\":\"no\",\"meta\":{\"requestId\":"
                        + "\"req_err\",\"version\":\"2.0.0\"},\"timestamp\":\"2026-05-07T00:00:00.000Z\"}");
        if (retryAfter != null) {
            builder.setHeader("Retry-After", retryAfter);
        }
        return builder.build();
    }

    /** A body written over time: each step gets the sink; an IOException thrown cuts the stream. */
    @FunctionalInterface
    interface Writer {
        void writeTo(BufferedSink sink) throws IOException, InterruptedException;
    }

    static MockResponseBody timed(Writer writer) {
        return new MockResponseBody() {
            @Override
            public long getContentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                try {
                    writer.writeTo(sink);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /** Answers from a queue, or a fallback by path; records every request and its arrival time. */
    static final class Script extends Dispatcher {
        final Deque<MockResponse> queue = new ConcurrentLinkedDeque<>();
        final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
        final List<Long> arrivals = new CopyOnWriteArrayList<>();
        volatile Function<RecordedRequest, MockResponse> fallback = r -> new MockResponse.Builder().code(404).build();

        Script then(MockResponse response) {
            queue.add(response);
            return this;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            arrivals.add(System.nanoTime());
            MockResponse next = queue.poll();
            return next != null ? next : fallback.apply(request);
        }

        long gapMillis(int from, int to) {
            return TimeUnit.NANOSECONDS.toMillis(arrivals.get(to) - arrivals.get(from));
        }
    }

    /** Records every listener call, in order. */
    static class Recorder implements SessionListener {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<VerifyKitException> errors = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void onSession(DockSession session) {
            calls.add("session:" + session.status().raw());
        }

        @Override
        public void onTerminal(DockSession session) {
            calls.add("terminal:" + session.status().raw());
        }

        @Override
        public void onError(VerifyKitException error) {
            calls.add("error:" + error.getClass().getSimpleName());
            errors.add(error);
        }

        @Override
        public void onClosed() {
            calls.add("closed");
            closed.countDown();
        }

        void awaitClosed() throws InterruptedException {
            assertThat(closed.await(20, TimeUnit.SECONDS)).as("stream closed in time").isTrue();
        }
    }

    @Test
    void theInitialEventAndTheChangeAreDeliveredThenTheStreamCloses() throws Exception {
        script.then(stream("retry: 100\n\n" + event(1, "pending") + event(2, "completed")));
        Recorder recorder = new Recorder();

        SessionStream stream = streams().open(ID, recorder);
        recorder.awaitClosed();

        assertThat(recorder.calls).containsExactly("session:pending", "session:completed", "terminal:completed", "closed");
        assertThat(stream.isOpen()).isFalse();
        RecordedRequest open = script.requests.get(0);
        assertThat(open.getUrl().encodedPath()).isEqualTo("/dock/v2/sessions/" + ID + "/stream");
        assertThat(open.getHeaders().get("Accept")).isEqualTo("text/event-stream");
        assertThat(open.getHeaders().get("Authorization")).isEqualTo("Bearer dock_test_free");
        assertThat(open.getHeaders().get("Last-Event-ID")).isNull();
    }

    /** Waits, in a listener call, until the test has the stream its open returned. */
    private static void awaitOpened(CountDownLatch opened) {
        try {
            assertThat(opened.await(20, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * "onClosed: the last call this listener gets". A listener that closes its own stream as it is told
     * the terminal state in {@code onSession} (a natural "done" check) heard {@code onClosed}, and then
     * {@code onTerminal}: the terminal state's {@code onTerminal} was told without looking whether the
     * listener had closed the stream meanwhile (found by a reviewer).
     */
    @Test
    void noCallFollowsOnClosedWhenOnSessionClosesTheStreamAtTheTerminalState() throws Exception {
        script.then(stream(event(1, "pending") + event(2, "completed")));
        AtomicReference<SessionStream> self = new AtomicReference<>();
        CountDownLatch opened = new CountDownLatch(1);
        Recorder recorder = new Recorder() {
            @Override
            public void onSession(DockSession session) {
                super.onSession(session);
                if (session.isTerminal()) {
                    awaitOpened(opened);
                    self.get().close(); // the stream's own: ended at once, onClosed told
                }
            }
        };
        self.set(streams().open(ID, recorder));
        opened.countDown();

        recorder.awaitClosed();

        assertThat(recorder.calls).as("listener calls").containsExactly("session:pending", "session:completed", "closed");
    }

    /**
     * The same promise when the listener throws after closing its stream (it closes it once it has what it
     * wanted, then its own work fails): what it threw was reported to {@code onError}, a call after
     * {@code onClosed}. Once the listener heard {@code onClosed} it is logged instead (no call follows it).
     * The test waits for either, the onError or the log record, so no timing decides it.
     */
    @Test
    void noCallFollowsOnClosedWhenOnSessionClosesTheStreamThenThrows() throws Exception {
        script.then(stream(event(1, "pending") + event(2, "completed")));
        AtomicReference<SessionStream> self = new AtomicReference<>();
        CountDownLatch opened = new CountDownLatch(1);
        CountDownLatch told = new CountDownLatch(1); // the throw was reported, as onError or in the log
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.verifykit.sse");
        java.util.logging.Handler logged = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getThrown() instanceof IllegalStateException e && "the listener's own work".equals(e.getMessage())) {
                    told.countDown();
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Recorder recorder = new Recorder() {
            @Override
            public void onSession(DockSession session) {
                super.onSession(session);
                awaitOpened(opened);
                self.get().close(); // the stream's own: ended at once, onClosed told
                throw new IllegalStateException("the listener's own work");
            }

            @Override
            public void onError(VerifyKitException error) {
                super.onError(error);
                told.countDown();
            }
        };
        log.addHandler(logged);
        try {
            self.set(streams().open(ID, recorder));
            opened.countDown();

            recorder.awaitClosed();
            assertThat(told.await(20, TimeUnit.SECONDS)).as("the listener's throw was reported").isTrue();
        } finally {
            log.removeHandler(logged);
        }

        assertThat(recorder.calls).as("listener calls").containsExactly("session:pending", "closed");
    }

    @Test
    void theSessionIdIsTrimmedInThePathAsForAReadAndADotSegmentIsRefused() throws Exception {
        script.then(stream(event(1, "completed")));
        Recorder recorder = new Recorder();

        SessionStreams streams = streams();
        SessionStream stream = streams.open(" " + ID + " ", recorder);
        recorder.awaitClosed();

        assertThat(stream.sessionId()).isEqualTo(ID);
        assertThat(script.requests.get(0).getUrl().encodedPath()).isEqualTo("/dock/v2/sessions/" + ID + "/stream");
        // ".." would be resolved away: the stream would open /dock/v2/stream
        assertThatThrownBy(() -> streams.open("..", new Recorder()))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("sessionId"));
        assertThat(script.requests).hasSize(1);
    }

    @Test
    void dataSplitAcrossReadsIsReassembled() throws Exception {
        script.then(new MockResponse.Builder(stream(event(1, "pending") + event(2, "completed")))
                .throttleBody(7, 5, TimeUnit.MILLISECONDS).build());

        DockSession done = streams().awaitCompletionAsync(ID).get(20, TimeUnit.SECONDS);

        assertThat(done.isCompleted()).isTrue();
        assertThat(done.result()).hasValueSatisfying(link -> assertThat(link.robloxId()).isEqualTo("156319135"));
        assertThat(script.requests).hasSize(1);
    }

    /**
     * The server shuts the connection down right after the half event. (Before, the writer threw,
     * which left the connection open and silent, and the client took it for dead after a 2-s read
     * timeout: a server thread stalled 2 s between the head and the first event broke the stream
     * before that event, and the reopen carried no Last-Event-ID. Silence is tested by
     * aSilentStreamIsTakenForDeadAndReopened and aStreamTricklingBytesWithoutALineIsTakenForDead.)
     */
    @Test
    void aStreamCutMidEventIsReopenedWithLastEventIdAndTheHalfEventIsDropped() throws Exception {
        String half = event(2, "completed").substring(0, 60);
        script.then(new MockResponse.Builder(stream(timed(sink -> {
            sink.writeUtf8(event(1, "pending")).flush();
            sink.writeUtf8(half).flush();
        }))).onResponseEnd(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE).build())
                .then(stream(event(3, "completed")));
        Recorder recorder = new Recorder();

        streams().open(ID, recorder);
        recorder.awaitClosed();

        assertThat(recorder.calls).containsExactly("session:pending", "session:completed", "terminal:completed", "closed");
        assertThat(script.requests).hasSize(2);
        assertThat(script.requests.get(1).getHeaders().get("Last-Event-ID")).isEqualTo("1");
    }

    /**
     * A stream that trickles bytes (a byte every 100 ms) but completes no line, so neither an event
     * nor a keep-alive, is taken for dead once its read timeout (2 s) passed without a line, and
     * reopened, as {@code StreamSettings.readTimeout} says. Before, each byte restarted OkHttp's read
     * timeout, and the stream was kept as long as the bytes came (here, until the test's end).
     */
    @Test
    void aStreamTricklingBytesWithoutALineIsTakenForDead() throws Exception {
        CountDownLatch cut = new CountDownLatch(1);
        script.then(stream(timed(sink -> {
            sink.writeUtf8(event(1, "pending")).flush();
            while (cut.getCount() > 0) {
                sink.writeUtf8(":").flush(); // a comment that never ends
                Thread.sleep(100);
            }
        }))).then(stream(event(2, "completed")));
        Recorder recorder = new Recorder();

        try {
            streams(FAST, StreamSettings.builder().readTimeout(Duration.ofSeconds(2)).build()).open(ID, recorder);
            recorder.awaitClosed();
        } finally {
            cut.countDown();
        }

        assertThat(recorder.calls).containsExactly("session:pending", "session:completed", "terminal:completed", "closed");
        assertThat(script.requests).hasSize(2);
        assertThat(script.requests.get(1).getHeaders().get("Last-Event-ID")).isEqualTo("1");
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> idsNotSentBack() {
        return Stream.of(org.junit.jupiter.params.provider.Arguments.of("caf\u00e9", null),
                org.junit.jupiter.params.provider.Arguments.of("7".repeat(1025), null),
                // the longest id kept: 1,024 characters is not "longer than 1,024" (StreamRun.MAX_EVENT_ID)
                org.junit.jupiter.params.provider.Arguments.of("7".repeat(1024), "7".repeat(1024)),
                org.junit.jupiter.params.provider.Arguments.of("2\u00002", "1"));
    }

    /**
     * An event id that cannot be sent back as a header (not printable ASCII) or is longer than 1,024
     * characters is not kept: the reopen asks without {@code Last-Event-ID} (instead of failing, or of
     * carrying the whole id, up to the response limit, on each reopen); a later valid id is sent again.
     * An id holding a NUL is ignored, as the SSE specification says: the last one is sent back
     * (before, the reopen asked without one).
     */
    @ParameterizedTest
    @MethodSource("idsNotSentBack")
    void anEventIdThatCannotBeAHeaderOrIsTooLongIsNotSentBack(String id, String sentBack) throws Exception {
        script.then(stream(event(1, "pending") + "event: session\nid: " + id + "\ndata: " + session("pending") + "\n\n"))
                .then(stream(event(2, "pending")))
                .then(stream(event(3, "completed")));
        Recorder recorder = new Recorder();

        // before: the reopen failed "unexpectedly with java.lang.IllegalArgumentException" (OkHttp
        // refuses the header) and the stream closed without its outcome
        streams().open(ID, recorder);
        recorder.awaitClosed();

        assertThat(recorder.calls).containsExactly("session:pending", "session:completed", "terminal:completed", "closed");
        assertThat(script.requests).hasSize(3);
        assertThat(script.requests.get(1).getHeaders().get("Last-Event-ID")).isEqualTo(sentBack);
        assertThat(script.requests.get(2).getHeaders().get("Last-Event-ID")).isEqualTo("2");
    }

    @Test
    void aLineLongerThanTheResponseLimitDropsTheStreamWhichIsReopened() throws Exception {
        script.then(stream(event(1, "pending") + "data: " + "x".repeat(10_000)))
                .then(stream(event(2, "completed")));
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrails(FAST).maxResponseBytes(4096).build();
        Recorder recorder = new Recorder();

        DockSessionStreams.of(dock, PATIENT).open(ID, recorder);
        recorder.awaitClosed();

        assertThat(recorder.calls).containsExactly("session:pending", "error:MalformedResponseException",
                "session:completed", "terminal:completed", "closed");
        assertThat(recorder.errors.get(0).getMessage()).contains("line is longer than 4096 bytes");
        assertThat(script.requests).hasSize(2);
        assertThat(script.requests.get(1).getHeaders().get("Last-Event-ID")).isEqualTo("1");
    }

    /**
     * An event that never ends (data lines without the blank line) was buffered by okhttp-sse
     * without bound, until an OutOfMemoryError; now the listener hears of a malformed stream once
     * the event's data passes the limit, and the stream is dropped and reopened.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anEventThatNeverEndsIsMalformedAndTheStreamIsReopened() throws Exception {
        script.then(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                .setHeader("X-Request-Id", "req_endless")
                .body(new EndlessBody(event(1, "pending") + "event: session\nid: 2\n", "data: " + "x".repeat(200) + "\n"))
                .build())
                .then(stream(event(3, "completed")));
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrails(FAST).maxResponseBytes(4096).build();
        Recorder recorder = new Recorder();

        DockSessionStreams.of(dock, PATIENT).open(ID, recorder);
        recorder.awaitClosed();

        assertThat(recorder.calls).containsExactly("session:pending", "error:MalformedResponseException",
                "session:completed", "terminal:completed", "closed");
        assertThat(recorder.errors.get(0).getMessage()).contains("event's data is longer than 4096 bytes");
        assertThat(recorder.errors.get(0).requestId()).contains("req_endless");
        assertThat(script.requests).hasSize(2);
        assertThat(script.requests.get(1).getHeaders().get("Last-Event-ID")).isEqualTo("1");
    }

    /** Writes a head, then one line again and again until the client goes away. */
    private record EndlessBody(String head, String line) implements MockResponseBody {
        @Override
        public long getContentLength() {
            return -1;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            sink.writeUtf8(head).flush();
            while (true) {
                sink.writeUtf8(line).flush();
            }
        }
    }

    /**
     * A listener that throws an {@link Error} (a failed assertion in a test's listener, typically)
     * used to kill the stream silently on OkHttp's thread: no terminal state, no close. It is now
     * reported to the listener's onError as a VerifyKitException, and the stream goes on.
     */
    @Test
    void aListenerThatThrowsAnErrorHearsOfItAndTheStreamGoesOn() throws Exception {
        script.then(stream(event(1, "pending") + event(2, "completed")));
        Recorder recorder = new Recorder() {
            @Override
            public void onSession(DockSession session) {
                super.onSession(session);
                if (session.status().raw().equals("pending")) {
                    throw new AssertionError("expected completed");
                }
            }

            @Override
            public void onError(VerifyKitException error) {
                super.onError(error);
                throw new AssertionError("onError throws too: logged once, the stream goes on");
            }
        };

        streams().open(ID, recorder);
        recorder.awaitClosed();

        assertThat(recorder.calls).containsExactly("session:pending", "error:VerifyKitException",
                "session:completed", "terminal:completed", "closed");
        assertThat(recorder.errors.get(0)).hasCauseInstanceOf(AssertionError.class)
                .hasMessageContaining("onSession threw java.lang.AssertionError");
    }

    @Test
    void aMalformedEventIsReportedAndTheStreamGoesOn() throws Exception {
        script.then(stream("event: session\nid: 1\ndata: {\"id\": 42,\n\n" + event(2, "pending") + event(3, "completed")));
        Recorder recorder = new Recorder();

        streams().open(ID, recorder);
        recorder.awaitClosed();

        assertThat(recorder.calls).containsExactly("error:MalformedResponseException", "session:pending",
                "session:completed", "terminal:completed", "closed");
        assertThat(recorder.errors.get(0).requestId()).contains("req_stream");
    }

    @Test
    void anEventAboutAnotherSessionIsMalformedAndNeverItsOutcome() throws Exception {
        String other = event(1, "completed").replace(ID, "vsn_Other000000000000000000");
        script.then(stream(other + event(2, "pending") + event(3, "completed")));
        Recorder recorder = new Recorder();

        streams().open(ID, recorder);
        recorder.awaitClosed();

        // before, the other session's completion (and its link) ended this session's stream
        assertThat(recorder.calls).containsExactly("error:MalformedResponseException", "session:pending",
                "session:completed", "terminal:completed", "closed");
        assertThat(recorder.errors.get(0)).hasMessageContaining("about another session");
    }

    @Test
    void unknownEventsAndCommentsAreIgnored() throws Exception {
        script.then(stream(": keep-alive\n\nevent: status\ndata: whatever\n\ndata: no name\n\n" + event(1, "completed")));
        Recorder recorder = new Recorder();

        streams().open(ID, recorder);
        recorder.awaitClosed();

        assertThat(recorder.calls).containsExactly("session:completed", "terminal:completed", "closed");
    }

    @Test
    void htmlInsteadOfAnEventStreamIsMalformed() {
        MockResponse html = new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                .setHeader("X-Request-Id", "req_html").body("<html>maintenance</html>").build();
        script.then(html).then(html);
        SessionStreams streams = streams(FAST,
                StreamSettings.builder().maxConsecutiveFailures(2).fallbackToLongPoll(false).build());

        assertThatThrownBy(() -> streams.awaitCompletion(ID))
                .isInstanceOfSatisfying(MalformedResponseException.class, e -> {
                    assertThat(e.getMessage()).contains("text/html");
                    assertThat(e.requestId()).contains("req_html");
                });
        assertThat(script.requests).hasSize(2);
    }

    /** The content type named in the failure is the server's text: redacted and cut like any other. */
    @Test
    void aContentTypeEchoingTheKeyOrHugeIsRedactedAndCutInTheFailure() {
        MockResponse echo = new MockResponse.Builder().code(200).setHeader("Content-Type", "text/dock_test_free")
                .body("x").build();
        MockResponse huge = new MockResponse.Builder().code(200).setHeader("Content-Type", "text/" + "p".repeat(100_000))
                .body("x").build();
        script.then(echo).then(echo).then(huge).then(huge);
        SessionStreams streams = streams(FAST,
                StreamSettings.builder().maxConsecutiveFailures(2).fallbackToLongPoll(false).build());

        assertThatThrownBy(() -> streams.awaitCompletion(ID))
                .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                        .contains("text/[REDACTED] instead of text/event-stream").doesNotContain("dock_test_free"));
        assertThatThrownBy(() -> streams.awaitCompletion(ID))
                .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                        .hasSizeLessThan(2_000).contains("characters) instead of text/event-stream"));
    }

    /**
     * README: "Events hold no secret" (nor the debug log and the spans made from them). A stream that
     * opens is told with its request id ({@code onAttempt}, {@code onStreamOpen}), the server's text:
     * a server or a proxy echoing the caller's key as the {@code X-Request-Id} of an open it answers has
     * it masked there, as a call's answer has.
     */
    @Test
    void aRequestIdEchoingTheKeyOnAnOpenedStreamIsMaskedInItsEvents() throws Exception {
        String key = "dock_test_free";
        script.then(new MockResponse.Builder(stream(event(1, "completed"))).setHeader("X-Request-Id", "req " + key).build());
        List<String> told = new CopyOnWriteArrayList<>();
        dock = DockClient.builder().apiKey(key).baseUrl(server.url("/dock").toString()).guardrails(FAST)
                .listener(new VerifyKitListener() {
                    @Override
                    public void onAttempt(CallStart call, AttemptEnd attempt) {
                        told.add("attempt: " + attempt.requestId().orElse("none"));
                    }

                    @Override
                    public void onStreamOpen(StreamEvent stream) {
                        told.add("open: " + stream.requestId().orElse("none"));
                    }
                }).build();

        DockSession done = DockSessionStreams.of(dock, PATIENT).awaitCompletionAsync(ID).get(20, TimeUnit.SECONDS);

        assertThat(done.isCompleted()).isTrue();
        assertThat(told).as("told before the events were read").containsExactly("attempt: req [REDACTED]", "open: req [REDACTED]");
    }

    @Test
    void a429OnOpenWaitsAsToldThenOpens() throws Exception {
        script.then(envelopeError(429, "RATE_LIMITED", "1")).then(stream(event(1, "completed")));

        DockSession done = streams().awaitCompletionAsync(ID).get(20, TimeUnit.SECONDS);

        assertThat(done.isCompleted()).isTrue();
        assertThat(script.requests).hasSize(2);
        assertThat(script.gapMillis(0, 1)).isGreaterThanOrEqualTo(900);
    }

    /**
     * A reopen refused as a poll would be is the same typed error: the server's poll cap (429
     * {@code session_polls}, no Retry-After) a {@code PollCapException}, a 409 a {@code ConflictException}.
     */
    @Test
    void aReopenRefusedEndsWithThePollsTypedErrors() {
        String capped = "{\"status\":429,\"error\":\"RATE_LIMITED\",\"message\":\"cap\",\"meta\":{\"requestId\":\"r\","
                + "\"version\":\"2.0.0\",\"rateLimit\":{\"scope\":\"session_polls\",\"limit\":60,\"remaining\":0}}}";
        script.then(stream(event(1, "pending"))).then(new MockResponse.Builder().code(429)
                        .setHeader("Content-Type", "application/json").body(capped).build())
                .then(stream(event(1, "pending"))).then(envelopeError(409, "CONFLICT", null));
        SessionStreams streams = streams();

        assertThatThrownBy(() -> streams.awaitCompletion(ID))
                .isInstanceOfSatisfying(PollCapException.class, e -> assertThat(e.limit()).isEqualTo(60));
        assertThatThrownBy(() -> streams.awaitCompletion(ID))
                .isInstanceOf(dev.verifykit.error.ConflictException.class);
        assertThat(script.requests).hasSize(4);
    }

    @Test
    void a401OnOpenEndsTheStreamAtOnceWithTheTypedException() throws Exception {
        script.then(envelopeError(401, "INVALID_API_KEY", null));
        Recorder recorder = new Recorder();

        streams().open(ID, recorder);
        recorder.awaitClosed();

        assertThat(recorder.calls).containsExactly("error:AuthenticationException", "closed");
        assertThat(recorder.errors.get(0)).isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.code()).contains("INVALID_API_KEY");
            assertThat(e.requestId()).contains("req_err");
        });
        assertThat(script.requests).hasSize(1);
    }

    /**
     * An open whose connection fails before its head is a failed open (SessionStreams: "Failed opens back
     * off with jitter; after maxConsecutiveFailures() in a row the wait goes on with long-polls (or fails,
     * if fallbackToLongPoll() is off)"): with one allowed and no fallback, the wait fails with the
     * transport's failure after that one open, neither reopened as a dropped stream nor left unanswered.
     */
    @Test
    void anOpenWhoseConnectionFailsBeforeItsHeadIsAFailedOpen() throws Exception {
        script.fallback = request -> new MockResponse.Builder()
                .onResponseStart(new mockwebserver3.SocketEffect.CloseSocket(true, true, true)).build();
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).guardrails(FAST).build();

        CompletableFuture<DockSession> wait = DockSessionStreams.of(dock, PATIENT.toBuilder().maxConsecutiveFailures(1)
                .fallbackToLongPoll(false).build()).awaitCompletionAsync(ID);

        assertThatThrownBy(() -> wait.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(TransportException.class);
        assertThat(script.requests).as("stream opens").hasSize(1);
    }

    /**
     * A stream closed by its caller while open is told to the client's listener as
     * {@code StreamCloseReason.CANCELLED} ("The wait ended (deadline, cancel, close) while the stream was
     * open"), with how long it was open ({@code StreamClose.duration()}) and the session events it carried,
     * by the time {@code close()} returns. Virtual time: the head came 1 s in, the close 3 s later.
     */
    @Test
    void aStreamClosedByItsCallerIsToldCancelledWithHowLongItWasOpen() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(java.time.Instant.parse("2026-05-07T00:00:00Z"));
        time.advance(Duration.ofSeconds(1));
        script.then(stream(timed(sink -> { // open, pending, until the close
            sink.writeUtf8(event(1, "pending")).flush();
            silentUntilTheTestIsOver();
        })));
        List<StreamClose> closes = new CopyOnWriteArrayList<>();
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).guardrails(FAST)
                .scheduler(time).listener(new VerifyKitListener() {
                    @Override
                    public void onStreamClose(StreamEvent stream, StreamClose close) {
                        closes.add(close);
                    }
                }).build();
        Recorder recorder = new Recorder();
        SessionStream stream = DockSessionStreams.of(dock, PATIENT).open(ID, recorder);
        awaitTrue(() -> recorder.calls.contains("session:pending"));
        time.advance(Duration.ofSeconds(3));

        stream.close();

        assertThat(closes).as("stream closes told").singleElement().satisfies(close -> {
            assertThat(close.reason()).isEqualTo(StreamCloseReason.CANCELLED);
            assertThat(close.duration()).isEqualTo(Duration.ofSeconds(3));
            assertThat(close.events()).isEqualTo(1);
        });
    }

    /**
     * {@code StreamClose.events()}: "Session events read from the stream." A stream that carried a
     * pending session, then the terminal one, then more events the wait no longer reads (the server
     * writing on before it closes) is told closed {@code COMPLETED} with the two sessions read.
     */
    @Test
    void aStreamEndedByItsTerminalEventCountsTheSessionsReadUpToIt() throws Exception {
        script.then(stream(event(1, "pending") + event(2, "completed") + event(3, "pending") + event(4, "completed")));
        List<StreamClose> closes = new CopyOnWriteArrayList<>();
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).guardrails(FAST)
                .listener(new VerifyKitListener() {
                    @Override
                    public void onStreamClose(StreamEvent stream, StreamClose close) {
                        closes.add(close);
                    }
                }).build();

        DockSession done = DockSessionStreams.of(dock, PATIENT).awaitCompletion(ID);

        assertThat(done.isCompleted()).isTrue();
        assertThat(closes).as("stream closes told").singleElement().satisfies(close -> {
            assertThat(close.reason()).isEqualTo(StreamCloseReason.COMPLETED);
            assertThat(close.events()).isEqualTo(2);
        });
    }

    @Test
    void aListenerThatThrowsIsReportedAndTheStreamGoesOn() throws Exception {
        script.then(stream(event(1, "pending") + event(2, "completed")));
        Recorder recorder = new Recorder() {
            @Override
            public void onSession(DockSession session) {
                super.onSession(session);
                if (session.isPending()) {
                    throw new IllegalStateException("listener bug");
                }
            }
        };

        streams().open(ID, recorder);
        recorder.awaitClosed();

        assertThat(recorder.calls).containsExactly("session:pending", "error:VerifyKitException", "session:completed",
                "terminal:completed", "closed");
        assertThat(recorder.errors.get(0)).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("onSession");
    }

    @Test
    void theServersRetryFieldDelaysTheReopen() throws Exception {
        script.then(stream("retry: 700\n\n" + event(1, "pending"))).then(stream(event(2, "completed")));

        DockSession done = streams().awaitCompletionAsync(ID).get(20, TimeUnit.SECONDS);

        assertThat(done.isCompleted()).isTrue();
        assertThat(script.requests).hasSize(2);
        assertThat(script.gapMillis(0, 1)).isGreaterThanOrEqualTo(700);
        assertThat(script.requests.get(1).getHeaders().get("Last-Event-ID")).isEqualTo("1");
    }

    /**
     * A {@code retry:} longer than the retry policy's {@code maxRetryAfter} (30 s) is shortened to
     * it, as a {@code Retry-After} is. Before, an hour's retry ended a wait with a 2-minute deadline
     * at once with a WaitTimeoutException (the reopen would pass the deadline), and a value too
     * large for 12 digits was ignored (the reopen came after the 2-s interval).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"3600000", "99999999999999999999999"})
    void aHugeRetryIsShortenedToTheLongestRetryAfter(String retry) throws Exception {
        dev.verifykit.time.VirtualScheduler time = dev.verifykit.time.VirtualScheduler.manual(
                java.time.Instant.parse("2026-05-07T00:00:00Z"));
        script.then(stream("retry: " + retry + "\n\n" + event(1, "pending"))).then(stream(event(2, "completed")));
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(time).build();

        CompletableFuture<DockSession> wait = DockSessionStreams.of(dock, PATIENT).awaitCompletionAsync(ID,
                dev.verifykit.poll.WaitOptions.builder().timeout(Duration.ofMinutes(2)).build());
        awaitTrue(() -> wait.isDone() || time.scheduledDelays().contains(Duration.ofSeconds(30)));
        assertThat(wait).isNotDone();
        time.advance(Duration.ofSeconds(29));
        assertThat(script.requests).hasSize(1);
        time.advance(Duration.ofSeconds(1));

        assertThat(wait.get(10, TimeUnit.SECONDS).isCompleted()).isTrue();
        assertThat(script.requests).hasSize(2);
        assertThat(script.requests.get(1).getHeaders().get("Last-Event-ID")).isEqualTo("1");
    }

    /**
     * A {@code retry:} lasts across reconnections (the SSE specification: it is the event source's
     * reconnection time): before, it held for the reopen after the stream that carried it only, and
     * the next stream, without one, was reopened at the minimum interval.
     */
    @Test
    void aRetryStillHoldsForTheReopensAfterTheStreamThatCarriedIt() throws Exception {
        dev.verifykit.time.VirtualScheduler time = dev.verifykit.time.VirtualScheduler.manual(
                java.time.Instant.parse("2026-05-07T00:00:00Z"));
        script.then(stream("retry: 20000\n\n" + event(1, "pending"))).then(stream(event(2, "pending")))
                .then(stream(event(3, "completed")));
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(time).build();

        CompletableFuture<DockSession> wait = DockSessionStreams.of(dock, PATIENT).awaitCompletionAsync(ID,
                dev.verifykit.poll.WaitOptions.builder().timeout(Duration.ofMinutes(2)).build());
        for (int open = 2; open <= 3; open++) {
            int opened = open - 1;
            // the reopen after open n is scheduled n-th with the retry's 20 s (the wait's 2-min deadline
            // timer is scheduled too: counted by their length, not by any long delay)
            awaitTrue(() -> wait.isDone() || script.requests.size() == opened && time.scheduledDelays().stream()
                    .filter(d -> d.compareTo(Duration.ofSeconds(19)) > 0 && d.compareTo(Duration.ofSeconds(20)) <= 0)
                    .count() == opened);
            time.advance(Duration.ofSeconds(19));
            assertThat(script.requests).as("opens before the 20 s of retry: passed").hasSize(opened);
            time.advance(Duration.ofSeconds(1));
            int expected = open;
            awaitTrue(() -> wait.isDone() || script.requests.size() == expected);
        }

        assertThat(wait.get(10, TimeUnit.SECONDS).isCompleted()).isTrue();
        assertThat(script.requests).hasSize(3);
    }

    /**
     * A stream that never ends (keep-alives every few ms, forever) is ended by the wait's deadline
     * while it is being read: the wait fails with a WaitTimeoutException, the listener hears it,
     * and no call is left running.
     */
    @Test
    void theDeadlineEndsAStreamOfEndlessKeepAlivesMidRead() throws Exception {
        dev.verifykit.time.VirtualScheduler time = dev.verifykit.time.VirtualScheduler.manual(
                java.time.Instant.parse("2026-05-07T00:00:00Z"));
        AtomicInteger keepAlives = new AtomicInteger();
        script.then(stream(timed(sink -> {
            sink.writeUtf8(event(1, "pending")).flush();
            while (true) { // until the client goes away and the write fails
                sink.writeUtf8(": keep-alive\n\n").flush();
                keepAlives.incrementAndGet();
                Thread.sleep(2);
            }
        })));
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(time).build();
        Recorder recorder = new Recorder();

        SessionStream stream = DockSessionStreams.of(dock, PATIENT).open(ID, recorder,
                dev.verifykit.poll.WaitOptions.builder().timeout(Duration.ofMinutes(1)).build());
        awaitTrue(() -> keepAlives.get() > 100 && recorder.calls.contains("session:pending"));
        time.advance(Duration.ofMinutes(1));
        recorder.awaitClosed();

        assertThat(recorder.calls).containsExactly("session:pending", "error:WaitTimeoutException", "closed");
        assertThat(stream.isOpen()).isFalse();
        assertThat(script.requests).hasSize(1);
        okhttp3.Dispatcher dispatcher = DockInternals.waitDispatcher(dock);
        awaitTrue(() -> dispatcher.runningCallsCount() == 0);
    }

    /**
     * A stream open queued for a free slot (the one of {@code maxConcurrentWaits(1)} held by another
     * session's stream) ends at its wait's deadline. OkHttp tells a queued call's cancel only once
     * it runs, and before, the wait ended only when the stream holding the slot did (here: not
     * before the test ended).
     */
    @Test
    void aStreamOpenQueuedForAFreeSlotEndsAtItsWaitsDeadline() throws Exception {
        dev.verifykit.time.VirtualScheduler time = dev.verifykit.time.VirtualScheduler.manual(
                java.time.Instant.parse("2026-05-07T00:00:00Z"));
        CountDownLatch holding = new CountDownLatch(1);
        script.then(stream(timed(sink -> {
            sink.writeUtf8(event(1, "pending")).flush();
            holding.countDown();
            silentUntilTheTestIsOver();
        })));
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrails(FAST).scheduler(time).maxConcurrentWaits(1).build();
        SessionStreams streams = DockSessionStreams.of(dock, PATIENT);

        CompletableFuture<DockSession> holder = streams.awaitCompletionAsync(ID);
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<DockSession> queued = streams.awaitCompletionAsync("vsn_B1b2C3d4E5f6G7h8J9k0L1",
                dev.verifykit.poll.WaitOptions.builder().timeout(Duration.ofSeconds(2)).build());
        awaitTrue(() -> DockInternals.waitDispatcher(dock).queuedCallsCount() == 1);
        time.advance(Duration.ofSeconds(2));

        assertThatThrownBy(() -> queued.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(dev.verifykit.error.WaitTimeoutException.class);
        assertThat(holder).isNotDone();
        assertThat(script.requests).as("the queued open never reached the server").hasSize(1);
    }

    @Test
    void aStreamThatLivedItsMaximumIsReopenedAtOnce() throws Exception {
        dev.verifykit.time.VirtualScheduler time = dev.verifykit.time.VirtualScheduler.manual(
                java.time.Instant.parse("2026-05-07T00:00:00Z"));
        CountDownLatch serverCloses = new CountDownLatch(1);
        script.then(new MockResponse.Builder(stream(timed(sink -> {
            sink.writeUtf8("retry: 2000\n\n" + event(1, "pending")).flush();
            // a hang guard only: the server must not close before the test moved time (a 10-s bound
            // closed it first when the test thread stalled that long, and the stream looked 0 s old)
            serverCloses.await(60, TimeUnit.SECONDS);
        }))).onResponseEnd(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE).build())
                .then(stream(event(2, "completed")));
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).scheduler(time).build();
        CountDownLatch firstEvent = new CountDownLatch(1);
        CompletableFuture<DockSession> wait = new CompletableFuture<>();
        // Time moves only once the client has the stream's first event (its head arrived at 0 s): a
        // loaded machine used to let the advance run first, and the stream looked 0 s old.
        try (var stream = DockSessionStreams.of(dock).open(ID, new dev.verifykit.dock.SessionListener() {
            @Override
            public void onSession(DockSession session) {
                firstEvent.countDown();
            }

            @Override
            public void onTerminal(DockSession session) {
                wait.complete(session);
            }
        })) {
            assertThat(firstEvent.await(10, TimeUnit.SECONDS)).isTrue();

            time.advance(Duration.ofSeconds(30));
            serverCloses.countDown();

            assertThat(wait.get(10, TimeUnit.SECONDS).isCompleted()).isTrue();
        }
        assertThat(script.requests).hasSize(2);
        assertThat(time.now()).isEqualTo(java.time.Instant.parse("2026-05-07T00:00:30Z"));
    }

    @Test
    void aSilentStreamIsTakenForDeadAndReopened() throws Exception {
        script.then(stream(timed(sink -> {
            sink.writeUtf8(event(1, "pending")).flush();
            silentUntilTheTestIsOver();
        }))).then(stream(event(2, "completed")));
        SessionStreams streams = streams(FAST, StreamSettings.builder().readTimeout(Duration.ofMillis(400)).build());

        DockSession done = streams.awaitCompletionAsync(ID).get(20, TimeUnit.SECONDS);

        assertThat(done.isCompleted()).isTrue();
        assertThat(script.requests).hasSize(2);
    }

    @Test
    void streamingThatKeepsFailingFallsBackToLongPolls() throws Exception {
        script.fallback = request -> request.getUrl().encodedPath().endsWith("/stream")
                ? envelopeError(503, "INTERNAL_ERROR", null)
                : new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"status\":200,\"data\":" + session("completed") + ",\"meta\":{\"requestId\":\"req_lp\"}}")
                        .build();
        SessionStreams streams = streams(FAST, StreamSettings.builder().maxConsecutiveFailures(2).build());

        DockSession done = streams.awaitCompletionAsync(ID).get(20, TimeUnit.SECONDS);

        assertThat(done.isCompleted()).isTrue();
        assertThat(script.requests).as("two failed opens, as maxConsecutiveFailures says, then a long-poll")
                .extracting(r -> r.getUrl().encodedPath().endsWith("/stream")).containsExactly(true, true, false);
        assertThat(script.requests.get(2).getUrl().queryParameter("wait")).isNotNull();
    }

    @Test
    void streamOpensCountAgainstThePollCapSharedWithReads() {
        script.then(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"status\":200,\"data\":" + session("pending") + "}").build())
                .then(stream(event(1, "pending")));
        SessionStreams streams = streams(DockGuardrails.builder().minPollInterval(Duration.ofMillis(100))
                .keepAlive(Duration.ofMillis(200)).freePollCap(2).build(), StreamSettings.defaults());
        dock.sessions().retrieve(ID);

        assertThatThrownBy(() -> streams.awaitCompletion(ID))
                .isInstanceOfSatisfying(PollCapException.class, e -> assertThat(e.limit()).isEqualTo(2));
        assertThat(script.requests).hasSize(2);
    }

    @RepeatedTest(20)
    void noListenerCallComesAfterCloseReturns() throws Exception {
        AtomicInteger sequence = new AtomicInteger();
        script.then(stream(timed(sink -> {
            for (int i = 0; i < 2_000; i++) {
                int n = sequence.incrementAndGet();
                sink.writeUtf8(event(n, "pending").replace("2099-01-01T00:00:00.000Z",
                        java.time.Instant.parse("2099-01-01T00:00:00Z").plusSeconds(n) + "")).flush();
                Thread.sleep(1);
            }
        })));
        AtomicBoolean closeReturned = new AtomicBoolean();
        AtomicInteger lateCalls = new AtomicInteger();
        CountDownLatch firstEvent = new CountDownLatch(3);
        SessionListener listener = new SessionListener() {
            @Override
            public void onSession(DockSession session) {
                if (closeReturned.get()) {
                    lateCalls.incrementAndGet();
                }
                firstEvent.countDown();
            }

            @Override
            public void onClosed() {
                if (closeReturned.get()) {
                    lateCalls.incrementAndGet();
                }
            }
        };

        SessionStream stream = streams().open(ID, listener);
        assertThat(firstEvent.await(10, TimeUnit.SECONDS)).isTrue();
        stream.close();
        closeReturned.set(true);
        Thread.sleep(20);

        assertThat(lateCalls).hasValue(0);
        assertThat(stream.isOpen()).isFalse();
    }

    @Test
    void noCallOrThreadOutlivesClose() throws Exception {
        // Keep-alives until the client goes away (the write then fails) or the test is over: a
        // stream of 100 keep-alives 50 ms apart ended by itself after 5 s, and a loaded machine that
        // took longer than that to close saw the reopen (a 404 from the empty script) as an error.
        script.then(stream(timed(sink -> {
            sink.writeUtf8(event(1, "pending")).flush();
            do {
                sink.writeUtf8(": keep-alive\n\n").flush();
            } while (!testOver.await(50, TimeUnit.MILLISECONDS));
        })));
        Recorder recorder = new Recorder();
        SessionStreams streams = streams();
        SessionStream stream = streams.open(ID, recorder);
        awaitTrue(() -> recorder.calls.contains("session:pending"));

        stream.close();

        okhttp3.Dispatcher dispatcher = DockInternals.waitDispatcher(dock);
        awaitTrue(() -> dispatcher.runningCallsCount() == 0);
        assertThat(recorder.calls).containsExactly("session:pending", "closed");
        dock.close();
        awaitTrue(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("verifykit-wait-") && t.isAlive()));
        dock = null;
    }

    /** Closing the client ends its streams: the listener hears why, the futures fail as cancelled, at once. */
    @Test
    void closingTheClientEndsItsStreams() throws Exception {
        script.then(stream(timed(sink -> {
            sink.writeUtf8(event(1, "pending")).flush();
            silentUntilTheTestIsOver();
        }))).then(stream(timed(sink -> {
            sink.writeUtf8(event(1, "pending")).flush();
            silentUntilTheTestIsOver();
        })));
        Recorder recorder = new Recorder();
        SessionStreams streams = streams();
        streams.open(ID, recorder);
        CompletableFuture<DockSession> wait = streams.awaitCompletionAsync(ID);
        awaitTrue(() -> recorder.calls.contains("session:pending") && script.requests.size() == 2);

        dock.close();

        assertThat(wait).isCompletedExceptionally();
        assertThatThrownBy(wait::join).hasCauseInstanceOf(dev.verifykit.error.WaitCancelledException.class);
        assertThat(recorder.calls).containsExactly("session:pending", "error:WaitCancelledException", "closed");
        assertThatThrownBy(() -> streams.open(ID, new SessionListener() {}))
                .isInstanceOf(dev.verifykit.error.ClientClosedException.class);
        // as DockSessions.awaitCompletionAsync: a failed future, not thrown (it was thrown)
        CompletableFuture<DockSession> later = streams.awaitCompletionAsync(ID);
        assertThat(later).isCompletedExceptionally();
        assertThatThrownBy(later::join).hasCauseInstanceOf(dev.verifykit.error.ClientClosedException.class);
        assertThatThrownBy(() -> streams.awaitCompletion(ID)).isInstanceOf(dev.verifykit.error.ClientClosedException.class);
        assertThat(script.requests).as("nothing sent after the close").hasSize(2);
        dock = null;
    }

    @Test
    void aCancelledFutureClosesTheStream() throws Exception {
        script.then(stream(timed(sink -> {
            sink.writeUtf8(event(1, "pending")).flush();
            silentUntilTheTestIsOver();
        })));
        SessionStreams streams = streams();
        CompletableFuture<DockSession> wait = streams.awaitCompletionAsync(ID);
        awaitTrue(() -> script.requests.size() == 1);

        assertThat(wait.cancel(true)).isTrue();

        assertThat(wait).isCancelled();
        okhttp3.Dispatcher dispatcher = DockInternals.waitDispatcher(dock);
        awaitTrue(() -> dispatcher.runningCallsCount() == 0);
    }
}
