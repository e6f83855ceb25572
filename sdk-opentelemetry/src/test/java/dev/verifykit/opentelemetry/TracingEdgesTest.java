package dev.verifykit.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitStart;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.sse.DockSessionStreams;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tracing listener at the edges an outside review probed (closes, cancels, odd answers), against the reference mock. */
class TracingEdgesTest {
    private static final String KEY = "dock_test_free";
    private static final String PID = "PID-FREE0001";
    private static final Duration INTERVAL = Duration.ofMillis(50);

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    private final Tracer app = otel.getTracer("app");
    private final VerifyKitTracing tracing = VerifyKitTracing.create(otel);
    private final LinkedBlockingQueue<CallStart> callStarts = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<WaitEnd> waitEnds = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<CallEnd> callEnds = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<dev.verifykit.event.StreamEvent> streamOpens = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<String> streamCloses = new LinkedBlockingQueue<>();
    private MockServer mock;

    @BeforeEach
    void start() {
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().minPollInterval(INTERVAL)
                .maxWait(Duration.ofSeconds(1)).build()).build());
    }

    @AfterEach
    void stop() {
        mock.close();
        otel.close();
    }

    private DockClient.Builder client() {
        VerifyKitListener seen = new VerifyKitListener() {
            @Override
            public void onCallStart(CallStart call) {
                callStarts.add(call);
            }

            @Override
            public void onCallEnd(CallStart call, CallEnd end) {
                callEnds.add(end);
            }

            @Override
            public void onWaitEnd(WaitStart wait, WaitEnd end) {
                waitEnds.add(end);
            }

            @Override
            public void onStreamOpen(dev.verifykit.event.StreamEvent stream) {
                streamOpens.add(stream);
            }

            @Override
            public void onStreamClose(dev.verifykit.event.StreamEvent stream, dev.verifykit.event.StreamClose close) {
                streamCloses.add(close.reason().name());
            }
        };
        return DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(INTERVAL).maxWait(Duration.ofSeconds(1)).build())
                .retryPolicy(RetryPolicy.builder().maxRetries(2).baseDelay(Duration.ofMillis(10))
                        .maxDelay(Duration.ofMillis(20)).build())
                .createTokenWait(Duration.ZERO).listener(tracing).listener(seen);
    }

    private static CreateSessionParams params(String clientId) {
        return CreateSessionParams.builder().pid(PID).clientId(clientId).build();
    }

    private List<SpanData> spansNamed(String name) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    }

    /**
     * A stream open answered 200 but not with text/event-stream (a proxy's JSON or HTML page): the
     * open's call span is an error, and it must still say which status came back (the Javadoc: the
     * last answer's http.response.status_code), as every other refused or malformed answer does.
     */
    @Test
    void aStreamOpenAnsweredWithTheWrongContentTypeKeepsItsStatus() throws Exception {
        try (DockClient dock = client().build()) {
            DockSession session = dock.sessions().create(params("user_1"));
            mock.faults().add("GET", "/dock/v2/sessions/*/stream", MockFault.respond(200).withBody("{\"ok\":true}"), 1);
            CompletableFuture<DockSession> done = DockSessionStreams.of(dock,
                            StreamSettings.builder().maxConsecutiveFailures(1).build())
                    .awaitCompletionAsync(session.id(), WaitOptions.builder().timeout(Duration.ofSeconds(20)).build());
            mock.journal().await(MockJournalQuery.all().path("/dock/v2/sessions/" + session.id() + "/stream"), 1,
                    Duration.ofSeconds(30));
            mock.dock().complete(session.id());
            try {
                done.get(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // however the wait ended: the first open's span is what is looked at
            }
        }
        List<SpanData> opens = spansNamed("GET /v2/sessions/{id}/stream");
        assertThat(opens).isNotEmpty();
        SpanData malformed = opens.get(0);
        assertThat(malformed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(malformed.getAttributes().get(SpanKeys.ERROR_TYPE)).endsWith("MalformedResponseException");
        assertThat(malformed.getAttributes().get(SpanKeys.STATUS)).as("http.response.status_code of the 200 open")
                .isEqualTo(200L);
    }

    /**
     * close() during an async wait: the wait is cancelled, which the Javadoc says is no error (as a
     * cancelled call carries no error.type). OpenTelemetry's conventions set error.type only when the
     * operation failed; backends count spans with error.type as errors.
     */
    @Test
    void aWaitCancelledByCloseCarriesNoErrorType() throws Exception {
        DockClient dock = client().build();
        DockSession session = dock.sessions().create(params("user_1"));
        mock.faults().add("GET", "/dock/v2/sessions/*", MockFault.delayHead(Duration.ofSeconds(20)), 1);
        callStarts.clear();
        CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id(),
                WaitOptions.builder().timeout(Duration.ofSeconds(30)).build());
        assertThat(callStarts.poll(30, TimeUnit.SECONDS)).isNotNull();
        dock.close();
        assertThat(waitEnds.poll(30, TimeUnit.SECONDS).outcome().name()).isEqualTo("CANCELLED");
        List<SpanData> waits = spansNamed("dock.awaitCompletion");
        assertThat(waits).hasSize(1);
        SpanData span = waits.get(0);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(span.getAttributes().get(SpanKeys.ERROR_TYPE)).as("error.type of a wait cancelled by close()")
                .isNull();
        assertThat(wait).isCompletedExceptionally();
    }

    /** A started virtual thread (Java 21+, by reflection: the tests compile for 17), else a platform one. */
    private static Thread virtualThread(Runnable body) throws Exception {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (Thread) builder.getClass().getInterfaces()[0].getMethod("start", Runnable.class).invoke(builder, body);
        } catch (NoSuchMethodException e) {
            Thread t = new Thread(body);
            t.start();
            return t;
        }
    }

    /** An integrator on a virtual thread: the call's span is a child of the span current there. */
    @Test
    void aCallOnAVirtualThreadIsAChildOfTheIntegratorsSpan() throws Exception {
        try (DockClient dock = client().build()) {
            CompletableFuture<String> parentId = new CompletableFuture<>();
            Runnable body = () -> {
                Span parent = app.spanBuilder("handler").startSpan();
                try (Scope scope = parent.makeCurrent()) {
                    dock.sessions().create(params("user_v"));
                } finally {
                    parent.end();
                }
                parentId.complete(parent.getSpanContext().getSpanId());
            };
            Thread thread = virtualThread(body);
            thread.join(30_000);
            String id = parentId.get(30, TimeUnit.SECONDS);
            List<SpanData> creates = spansNamed("POST /v2/sessions");
            assertThat(creates).hasSize(1);
            assertThat(creates.get(0).getParentSpanId()).isEqualTo(id);
        }
    }

    /** The integrator closes an open stream: every span ends, the open's call is cancelled (no error). */
    @Test
    void closingAnOpenStreamEndsItsSpansAsCancelled() throws Exception {
        try (DockClient dock = client().build()) {
            DockSession session = dock.sessions().create(params("user_s"));
            dev.verifykit.dock.SessionStream stream = DockSessionStreams.of(dock).open(session.id(),
                    new dev.verifykit.dock.SessionListener() {},
                    WaitOptions.builder().timeout(Duration.ofSeconds(20)).build());
            assertThat(streamOpens.poll(30, TimeUnit.SECONDS)).as("stream opened").isNotNull();
            stream.close();
            assertThat(waitEnds.poll(30, TimeUnit.SECONDS)).isNotNull();
        }
        assertThat(tracing.openSpans()).isZero();
        SpanData wait = spansNamed("dock.stream").get(0);
        List<SpanData> opens = spansNamed("GET /v2/sessions/{id}/stream");
        assertThat(wait.getAttributes().get(SpanKeys.WAIT_OUTCOME)).isEqualTo("cancelled");
        assertThat(wait.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(opens).hasSize(1);
        assertThat(opens.get(0).getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        assertThat(opens.get(0).getAttributes().get(SpanKeys.CANCELLED)).isTrue();
        assertThat(streamCloses).as("onStreamClose told to the listeners").containsExactly("CANCELLED");
        // each open has its close (on a loaded machine the timeout may come before any open, or after a reopen)
        java.util.List<String> events = wait.getEvents().stream().map(e -> e.getName()).toList();
        assertThat(events.stream().filter("verifykit.stream.close"::equals).count()).as("closes of %s", events)
                .isEqualTo(events.stream().filter("verifykit.stream.open"::equals).count());
    }

    /** A stream wait reaching its deadline with the stream open: print what the spans say. */
    @Test
    void aStreamWaitTimingOutEndsItsSpans() throws Exception {
        try (DockClient dock = client().build()) {
            DockSession session = dock.sessions().create(params("user_t"));
            CompletableFuture<DockSession> done = DockSessionStreams.of(dock).awaitCompletionAsync(session.id(),
                    WaitOptions.builder().timeout(Duration.ofMillis(1500)).build());
            try {
                done.get(30, TimeUnit.SECONDS);
            } catch (Exception expected) {
            }
            assertThat(waitEnds.poll(30, TimeUnit.SECONDS)).isNotNull();
        }
        assertThat(tracing.openSpans()).isZero();
        SpanData wait = spansNamed("dock.stream").get(0);
        assertThat(wait.getAttributes().get(SpanKeys.WAIT_OUTCOME)).isEqualTo("timed_out");
        // each open has its close (on a loaded machine the timeout may come before any open, or after a reopen)
        java.util.List<String> events = wait.getEvents().stream().map(e -> e.getName()).toList();
        assertThat(events.stream().filter("verifykit.stream.close"::equals).count()).as("closes of %s", events)
                .isEqualTo(events.stream().filter("verifykit.stream.open"::equals).count());
    }

    /** close() while a blocking read is in flight on another thread: its span ends once, cancelled, no error. */
    @Test
    void closeDuringABlockingCallEndsItsSpanAsCancelled() throws Exception {
        DockClient dock = client().build();
        DockSession session = dock.sessions().create(params("user_c"));
        mock.faults().add("GET", "/dock/v2/sessions/*", MockFault.delayHead(Duration.ofSeconds(20)), 1);
        callStarts.clear();
        callEnds.clear();
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                dock.sessions().retrieve(session.id());
                failed.complete(null);
            } catch (Throwable e) {
                failed.complete(e);
            }
        });
        caller.start();
        assertThat(callStarts.poll(30, TimeUnit.SECONDS)).isNotNull();
        mock.journal().await(MockJournalQuery.all().method("GET").path("/dock/v2/sessions/" + session.id()), 1,
                Duration.ofSeconds(30));
        dock.close();
        CallEnd end = callEnds.poll(30, TimeUnit.SECONDS);
        assertThat(end).isNotNull();
        assertThat(tracing.openSpans()).isZero();
        List<SpanData> reads = spansNamed("GET /v2/sessions/{id}");
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        assertThat(reads.get(0).getAttributes().get(SpanKeys.CANCELLED)).isTrue();
    }

    /**
     * VerifyKitTracing Javadoc: "a call cancelled (its wait cancelled, its client closed) is no error:
     * verifykit.cancelled=true". Before the fix, a wait's read whose start was being heard by the
     * listeners (a listener after the tracing one, slow, or just a close on another thread at that
     * moment) when the client closed was ended as an ERROR span, error.type ClientClosedException,
     * after its wait's span had ended as cancelled.
     */
    @Test
    void aReadTheCloseCutAsItStartsIsACancelledSpanEndedWithinItsWait() throws Exception {
        CountDownLatch hearing = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        VerifyKitListener slow = new VerifyKitListener() {
            @Override
            public void onCallStart(CallStart call) {
                if (call.waitId().isPresent()) {
                    hearing.countDown();
                    try {
                        closed.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        DockClient dock = client().listener(slow).build();
        DockSession session = dock.sessions().create(params("user_s"));
        callEnds.clear();
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> dock.sessions().awaitCompletionAsync(session.id()),
                task -> new Thread(task, "test-waiter").start());
        assertThat(hearing.await(30, TimeUnit.SECONDS)).isTrue();
        dock.close();
        closed.countDown();
        waiting.get(30, TimeUnit.SECONDS);
        assertThat(callEnds.poll(30, TimeUnit.SECONDS)).as("the read's end").isNotNull();

        SpanData wait = spansNamed("dock.awaitCompletion").get(0);
        SpanData read = spansNamed("GET /v2/sessions/{id}").get(0);
        assertThat(read.getStatus().getStatusCode()).as("status of the read the close cut, attributes %s",
                read.getAttributes()).isNotEqualTo(StatusCode.ERROR);
        assertThat(read.getAttributes().get(SpanKeys.CANCELLED)).isTrue();
        assertThat(read.getEndEpochNanos()).as("the read's span ends within its wait's").isLessThanOrEqualTo(wait.getEndEpochNanos());
    }

    /**
     * A wait stopped at its own WaitOptions.maxRequests is the outcome request_limit, an error as a
     * stop at the session's poll cap is (it gave up without its result); it was told as poll_cap.
     */
    @Test
    void aWaitStoppedAtItsOwnMaxRequestsIsTheOutcomeRequestLimit() throws Exception {
        try (DockClient dock = client().build()) {
            DockSession session = dock.sessions().create(params("user_l"));
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> dock.sessions().awaitCompletion(session.id(),
                    WaitOptions.builder().maxRequests(1).build()))).isInstanceOf(dev.verifykit.error.PollCapException.class);
        }
        SpanData wait = spansNamed("dock.awaitCompletion").get(0);
        assertThat(wait.getAttributes().get(SpanKeys.WAIT_OUTCOME)).isEqualTo("request_limit");
        assertThat(wait.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(wait.getStatus().getDescription()).isEqualTo("request_limit");
    }

    /**
     * The Javadoc lists verifykit.wait.poll_cap among a wait span's attributes: a wait whose first
     * read finds the session done (no progress report) has none, so polls_used has no cap beside it.
     */
    @Test
    void aWaitDoneAtItsFirstReadStillHasItsPollCap() throws Exception {
        try (DockClient dock = client().build()) {
            DockSession session = dock.sessions().create(params("user_p"));
            mock.dock().complete(session.id());
            assertThat(dock.sessions().awaitCompletion(session.id(),
                    WaitOptions.builder().timeout(Duration.ofSeconds(20)).build()).isCompleted()).isTrue();
        }
        SpanData wait = spansNamed("dock.awaitCompletion").get(0);
        assertThat(wait.getAttributes().get(SpanKeys.WAIT_POLLS_USED)).isPositive();
        assertThat(wait.getAttributes().get(SpanKeys.WAIT_POLL_CAP)).as("verifykit.wait.poll_cap").isNotNull();
    }

    /**
     * A hostile (or misconfigured) server's error code is the retry event's reason: it must neither
     * carry the API key it echoes nor grow without bound.
     */
    @Test
    void aHostileErrorCodeInARetryReasonIsRedactedAndBounded() throws Exception {
        String code = KEY + "_" + "X".repeat(20_000);
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503)
                .withBody("{\"error\":\"" + code + "\",\"message\":\"m\"}"), 1);
        try (DockClient dock = client().build()) {
            dock.sessions().create(params("user_h"));
        }
        SpanData create = spansNamed("POST /v2/sessions").get(0);
        assertThat(create.getEvents()).extracting(e -> e.getName()).contains("verifykit.retry");
        String reason = create.getEvents().stream().filter(e -> e.getName().equals("verifykit.retry")).findFirst()
                .orElseThrow().getAttributes().get(SpanKeys.REASON);
        assertThat(reason).doesNotContain(KEY);
        assertThat(reason.length()).isLessThan(4_000); // held: cut at about 1 KB
    }
}
