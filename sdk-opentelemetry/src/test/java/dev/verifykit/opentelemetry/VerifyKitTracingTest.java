package dev.verifykit.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.Service;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.event.BucketWait;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.RetryEvent;
import dev.verifykit.event.StreamClose;
import dev.verifykit.event.StreamCloseReason;
import dev.verifykit.event.StreamEvent;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitOutcome;
import dev.verifykit.event.WaitStart;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.poll.WaitProgress;
import dev.verifykit.sse.DockSessionStreams;
import dev.verifykit.testing.LoggedWarnings;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.ReplayGuard;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The spans a client's calls and waits make, against the reference mock: names, kinds, attributes,
 * parents, retry and stream events, and the {@code traceparent} the mock received.
 */
class VerifyKitTracingTest {
    private static final String KEY = "dock_test_free";
    private static final String PID = "PID-FREE0001";
    private static final Duration INTERVAL = Duration.ofMillis(50);

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    private final Tracer app = otel.getTracer("app");
    private final VerifyKitTracing tracing = VerifyKitTracing.create(otel);
    private final List<CallEnd> ends = Collections.synchronizedList(new ArrayList<>());
    private final LinkedBlockingQueue<CallStart> callStarts = new LinkedBlockingQueue<>();
    /** Completed once a wait's end has been told (to the tracing listener first: it is added first). */
    private final CompletableFuture<WaitEnd> waitEnded = new CompletableFuture<>();
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
        VerifyKitListener endsSeen = new VerifyKitListener() {
            @Override
            public void onCallStart(CallStart call) {
                callStarts.add(call);
            }

            @Override
            public void onCallEnd(CallStart call, CallEnd end) {
                ends.add(end);
            }

            @Override
            public void onWaitEnd(WaitStart wait, WaitEnd end) {
                waitEnded.complete(end);
            }
        };
        return DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(INTERVAL).maxWait(Duration.ofSeconds(1)).build())
                .retryPolicy(RetryPolicy.builder().maxRetries(2).baseDelay(Duration.ofMillis(10))
                        .maxDelay(Duration.ofMillis(20)).build())
                .createTokenWait(Duration.ZERO).listener(tracing).listener(endsSeen);
    }

    private static CreateSessionParams params(String clientId) {
        return CreateSessionParams.builder().pid(PID).clientId(clientId).build();
    }

    private List<SpanData> spansNamed(String name) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    }

    private SpanData onlySpan(String name) {
        List<SpanData> spans = spansNamed(name);
        assertThat(spans).as("spans named %s", name).hasSize(1);
        return spans.get(0);
    }

    private static String traceparent(SpanData span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex();
    }

    @Test
    void aCallIsAClientSpanUnderTheCurrentSpanWithItsRetryAndItsTraceparentReachesTheService() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503), 1);
        Span parent = app.spanBuilder("signup").startSpan();
        try (DockClient dock = client().build(); Scope scope = parent.makeCurrent()) {
            dock.sessions().create(params("user_1"));
        } finally {
            parent.end();
        }

        SpanData call = onlySpan("POST /v2/sessions");
        SpanData signup = onlySpan("signup");
        assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(call.getParentSpanId()).isEqualTo(signup.getSpanId());
        assertThat(call.getTraceId()).isEqualTo(signup.getTraceId());
        assertThat(call.getAttributes().get(SpanKeys.SERVICE)).isEqualTo("dock");
        assertThat(call.getAttributes().get(SpanKeys.OPERATION)).isEqualTo("POST /v2/sessions");
        assertThat(call.getAttributes().get(SpanKeys.STATUS)).isEqualTo(200L);
        assertThat(call.getAttributes().get(SpanKeys.RETRIES)).isEqualTo(1L);
        assertThat(call.getAttributes().get(SpanKeys.REQUEST_ID)).isNotBlank()
                .isEqualTo(ends.get(0).requestId().orElseThrow());
        assertThat(call.getAttributes().get(SpanKeys.ERROR_TYPE)).isNull();
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        EventData retry = call.getEvents().get(0);
        assertThat(call.getEvents()).hasSize(1);
        assertThat(retry.getName()).isEqualTo("verifykit.retry");
        assertThat(retry.getAttributes().get(SpanKeys.ATTEMPT)).isEqualTo(1L);
        assertThat(retry.getAttributes().get(SpanKeys.REASON)).startsWith("HTTP 503");
        assertThat(retry.getAttributes().get(SpanKeys.STATUS)).isEqualTo(503L);
        assertThat(retry.getAttributes().get(SpanKeys.DELAY_MS)).isNotNull();
        // Both attempts carried the call span's context, in W3C form.
        List<MockJournalEntry> creates = mock.journal().find(MockJournalQuery.all().method("POST").path("/dock/v2/sessions"));
        assertThat(creates).hasSize(2).allSatisfy(r -> assertThat(r.header("traceparent")).isEqualTo(traceparent(call)));
        assertThat(tracing.openSpans()).isZero();
    }

    @Test
    void aCallWithoutACurrentSpanStartsATrace() {
        try (DockClient dock = client().build()) {
            dock.sessions().create(params("user_1"));
        }

        SpanData call = onlySpan("POST /v2/sessions");
        assertThat(call.getParentSpanContext().isValid()).isFalse();
        assertThat(mock.journal().find(MockJournalQuery.all().method("POST")).get(0).header("traceparent"))
                .isEqualTo(traceparent(call));
    }

    @Test
    void aFailedCallIsAnErrorWithItsTypeAndLastStatus() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503), 3);
        try (DockClient dock = client().build()) {
            assertThatThrownBy(() -> dock.sessions().create(params("user_1"))).isInstanceOf(ServerException.class);
        }

        SpanData call = onlySpan("POST /v2/sessions");
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(call.getAttributes().get(SpanKeys.ERROR_TYPE)).isEqualTo(ServerException.class.getName());
        assertThat(call.getAttributes().get(SpanKeys.STATUS)).isEqualTo(503L);
        assertThat(call.getAttributes().get(SpanKeys.RETRIES)).isEqualTo(2L);
        assertThat(call.getEvents()).extracting(EventData::getName).containsExactly("verifykit.retry", "verifykit.retry");
    }

    @Test
    void aWaitIsASpanUnderTheCurrentOneAndItsCallsAreItsChildren() throws Exception {
        Span parent = app.spanBuilder("link").startSpan();
        DockSession done;
        try (DockClient dock = client().build()) {
            DockSession session = dock.sessions().create(params("user_1"));
            CompletableFuture<DockSession> wait;
            try (Scope scope = parent.makeCurrent()) {
                wait = dock.sessions().awaitCompletionAsync(session.id(), WaitOptions.builder().timeout(Duration.ofSeconds(30)).build());
            }
            mock.journal().await(MockJournalQuery.all().method("GET").path("/dock/v2/sessions/*"), 1, Duration.ofSeconds(30));
            mock.dock().complete(session.id());
            done = wait.get(30, TimeUnit.SECONDS);
            waitEnded.get(30, TimeUnit.SECONDS); // the wait's end is told just after its result is given
        } finally {
            parent.end();
        }

        assertThat(done.isCompleted()).isTrue();
        SpanData link = onlySpan("link");
        SpanData wait = onlySpan("dock.awaitCompletion");
        assertThat(wait.getKind()).isEqualTo(SpanKind.INTERNAL);
        assertThat(wait.getParentSpanId()).isEqualTo(link.getSpanId());
        assertThat(wait.getAttributes().get(SpanKeys.SERVICE)).isEqualTo("dock");
        assertThat(wait.getAttributes().get(SpanKeys.WAIT_OUTCOME)).isEqualTo("completed");
        assertThat(wait.getAttributes().get(SpanKeys.WAIT_POLLS_USED)).isPositive();
        assertThat(wait.getAttributes().get(SpanKeys.WAIT_TIMEOUT_MS)).isPositive().isLessThanOrEqualTo(30_000L);
        assertThat(wait.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        List<SpanData> reads = spansNamed("GET /v2/sessions/{id}");
        assertThat(reads).isNotEmpty().allSatisfy(read -> {
            assertThat(read.getParentSpanId()).isEqualTo(wait.getSpanId());
            assertThat(read.getTraceId()).isEqualTo(link.getTraceId());
        });
        assertThat(wait.getAttributes().get(SpanKeys.WAIT_ATTEMPTS)).isEqualTo((long) reads.size());
        // The reads the mock received carried the read spans' contexts, one each.
        List<String> sent = mock.journal().find(MockJournalQuery.all().method("GET").path("/dock/v2/sessions/*")).stream()
                .map(r -> r.header("traceparent")).toList();
        assertThat(sent).containsExactlyInAnyOrderElementsOf(reads.stream().map(VerifyKitTracingTest::traceparent).toList());
        // The create, made outside the parent's scope, is not part of its trace.
        assertThat(onlySpan("POST /v2/sessions").getTraceId()).isNotEqualTo(link.getTraceId());
        assertThat(tracing.openSpans()).isZero();
    }

    @Test
    void aWaitPastItsDeadlineIsAnError() throws Exception {
        try (DockClient dock = client().build()) {
            DockSession session = dock.sessions().create(params("user_1"));
            assertThatThrownBy(() -> dock.sessions().awaitCompletion(session.id(),
                    WaitOptions.builder().timeout(Duration.ofMillis(300)).build()));
            waitEnded.get(30, TimeUnit.SECONDS);
        }

        SpanData wait = onlySpan("dock.awaitCompletion");
        assertThat(wait.getAttributes().get(SpanKeys.WAIT_OUTCOME)).isEqualTo("timed_out");
        assertThat(wait.getAttributes().get(SpanKeys.ERROR_TYPE)).isEqualTo(WaitTimeoutException.class.getName());
        assertThat(wait.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void aStreamsOpensAndClosesAreEventsOfItsWaitsSpan() throws Exception {
        try (DockClient dock = client().build()) {
            DockSession session = dock.sessions().create(params("user_1"));
            CompletableFuture<DockSession> done = DockSessionStreams.of(dock).awaitCompletionAsync(session.id());
            mock.journal().await(MockJournalQuery.all().path("/dock/v2/sessions/" + session.id() + "/stream"), 1,
                    Duration.ofSeconds(30));
            mock.dock().complete(session.id());
            assertThat(done.get(30, TimeUnit.SECONDS).isCompleted()).isTrue();
            waitEnded.get(30, TimeUnit.SECONDS);
        }

        SpanData wait = onlySpan("dock.stream");
        assertThat(wait.getAttributes().get(SpanKeys.WAIT_OUTCOME)).isEqualTo("completed");
        List<EventData> events = wait.getEvents();
        assertThat(events).extracting(EventData::getName).startsWith("verifykit.stream.open")
                .endsWith("verifykit.stream.close");
        assertThat(events.get(0).getAttributes().get(SpanKeys.REQUEST_ID)).isNotBlank();
        EventData close = events.get(events.size() - 1);
        assertThat(close.getAttributes().get(SpanKeys.REASON)).isEqualTo("completed");
        assertThat(close.getAttributes().get(SpanKeys.STREAM_EVENTS)).isPositive();
        List<SpanData> opens = spansNamed("GET /v2/sessions/{id}/stream");
        assertThat(opens).isNotEmpty().allSatisfy(open -> assertThat(open.getParentSpanId()).isEqualTo(wait.getSpanId()));
        assertThat(mock.journal().find(MockJournalQuery.all().path("/dock/v2/sessions/*/stream")))
                .allSatisfy(r -> assertThat(r.header("traceparent")).startsWith("00-" + wait.getTraceId() + "-"));
    }

    @Test
    void theLongPollsAStreamFallsBackToStayInTheCallersTraceUnderTheStreamsSpan() throws Exception {
        // every open is refused: the second failure in a row ends the stream's wait, and the wait
        // goes on with long-polls, started on one of the client's threads (no context of the caller's)
        mock.faults().add("GET", "/dock/v2/sessions/*/stream", MockFault.respond(503), 20);
        Span caller = app.spanBuilder("caller").startSpan();
        try (DockClient dock = client().build()) {
            DockSession session = dock.sessions().create(params("user_1"));
            CompletableFuture<DockSession> done;
            try (Scope scope = caller.makeCurrent()) {
                done = DockSessionStreams.of(dock, StreamSettings.builder().maxConsecutiveFailures(1).build())
                        .awaitCompletionAsync(session.id(), WaitOptions.builder().timeout(Duration.ofSeconds(30)).build());
            }
            mock.journal().await(MockJournalQuery.all().method("GET").path("/dock/v2/sessions/" + session.id()), 1,
                    Duration.ofSeconds(30));
            mock.dock().complete(session.id());
            // the long-polls' wait ends (its span with it) before the stream's future completes
            assertThat(done.get(30, TimeUnit.SECONDS).isCompleted()).isTrue();
        } finally {
            caller.end();
        }

        SpanData root = onlySpan("caller");
        SpanData stream = onlySpan("dock.stream");
        assertThat(stream.getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(stream.getAttributes().get(SpanKeys.WAIT_OUTCOME)).isEqualTo("failed");
        SpanData longPolls = onlySpan("dock.awaitCompletion");
        assertThat(longPolls.getTraceId()).isEqualTo(root.getTraceId());
        assertThat(longPolls.getParentSpanId()).isEqualTo(stream.getSpanId());
        assertThat(longPolls.getAttributes().get(SpanKeys.WAIT_OUTCOME)).isEqualTo("completed");
        List<SpanData> reads = spansNamed("GET /v2/sessions/{id}");
        assertThat(reads).isNotEmpty().allSatisfy(read -> {
            assertThat(read.getTraceId()).isEqualTo(root.getTraceId());
            assertThat(read.getParentSpanId()).isEqualTo(longPolls.getSpanId());
        });
        assertThat(mock.journal().find(MockJournalQuery.all().method("GET").path("/dock/v2/sessions/*")))
                .isNotEmpty().allSatisfy(r -> assertThat(r.header("traceparent")).startsWith("00-" + root.getTraceId() + "-"));
        assertThat(tracing.openSpans()).isZero();
    }

    @Test
    void aVerifiedWebhooksOutcomeIsAnEventOfTheCurrentSpan() {
        Span handler = app.spanBuilder("handler").startSpan();
        String secret = "whsec_tracing_test";
        VirtualScheduler clock = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).listener(tracing).scheduler(clock)
                .replayGuard(ReplayGuard.inMemory()).skipTimestampCheck(true).build();
        byte[] body = "{\"id\":\"ver_1\",\"status\":\"verified\",\"event\":\"verification.completed\"}"
                .getBytes(StandardCharsets.UTF_8);
        try (Scope scope = handler.makeCurrent()) {
            verifier.handle(body, WebhookSigner.of(secret).sign(body), event -> {
                clock.advance(Duration.ofMillis(1500));
                throw new IllegalStateException("down");
            });
            verifier.handle(body, WebhookSigner.of(secret).sign(body), event -> {});
        } finally {
            handler.end();
        }

        List<EventData> events = onlySpan("handler").getEvents();
        assertThat(events).extracting(EventData::getName)
                .containsExactly("verifykit.webhook.outcome", "verifykit.webhook.outcome");
        Attributes failed = events.get(0).getAttributes();
        assertThat(failed.get(SpanKeys.WEBHOOK_OUTCOME)).isEqualTo("handler_failed");
        assertThat(failed.get(SpanKeys.WEBHOOK_EVENT_TYPE)).isEqualTo("verification.completed");
        assertThat(failed.get(SpanKeys.STATUS)).isEqualTo(500L);
        assertThat(failed.get(SpanKeys.DURATION_MS)).isEqualTo(1500L);
        assertThat(failed.get(SpanKeys.ERROR_TYPE)).isEqualTo("java.lang.IllegalStateException");
        Attributes handled = events.get(1).getAttributes();
        assertThat(handled.get(SpanKeys.WEBHOOK_OUTCOME)).isEqualTo("handled");
        assertThat(handled.get(SpanKeys.STATUS)).isEqualTo(200L);
        assertThat(handled.get(SpanKeys.ERROR_TYPE)).isNull();
        assertThat(exporter.getFinishedSpanItems().toString()).doesNotContain(secret, "ver_1");
    }

    @Test
    void aCreateBucketWaitIsAnEventOfItsCallAndAWebhookRefusalOfTheCurrentSpan() {
        Span handler = app.spanBuilder("handler").startSpan();
        String secret = "whsec_tracing_test";
        try (Scope scope = handler.makeCurrent();
                DockClient dock = client().scheduler(VirtualScheduler.autoAdvancing(Instant.now()))
                        .guardrails(DockGuardrails.builder().minPollInterval(INTERVAL).maxWait(Duration.ofSeconds(1))
                                .createBurst(1).createRefill(Duration.ofHours(1)).build())
                        .createTokenWait(Duration.ofHours(2)).build()) {
            dock.sessions().create(params("user_1"));
            dock.sessions().create(params("user_2"));
            WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).listener(tracing)
                    .replayGuard(ReplayGuard.inMemory()).skipTimestampCheck(true).build();
            byte[] body = "{\"id\":\"ver_1\",\"status\":\"verified\",\"event\":\"verification.completed\"}"
                    .getBytes(StandardCharsets.UTF_8);
            String good = WebhookSigner.of(secret).sign(body);
            verifier.handle(body, good.substring(0, good.length() - 1) + (good.endsWith("0") ? "1" : "0"), event -> {});
        } finally {
            handler.end();
        }

        List<SpanData> creates = spansNamed("POST /v2/sessions");
        assertThat(creates).hasSize(2);
        assertThat(creates.get(0).getEvents()).isEmpty();
        assertThat(creates.get(1).getEvents()).hasSize(1);
        EventData bucket = creates.get(1).getEvents().get(0);
        assertThat(bucket.getName()).isEqualTo("verifykit.create_bucket.wait");
        assertThat(bucket.getAttributes().get(SpanKeys.DELAY_MS)).isGreaterThan(Duration.ofMinutes(59).toMillis());
        assertThat(bucket.getAttributes().get(SpanKeys.ATTEMPT)).isEqualTo(1L);
        List<EventData> events = onlySpan("handler").getEvents();
        assertThat(events).extracting(EventData::getName).containsExactly("verifykit.webhook.refused");
        assertThat(events.get(0).getAttributes().get(SpanKeys.REASON)).isEqualTo("NO_MATCHING_SIGNATURE");
        assertThat(events.get(0).getAttributes().get(SpanKeys.STATUS)).isEqualTo(400L);
        assertThat(exporter.getFinishedSpanItems().toString()).doesNotContain(secret, KEY);
    }

    /** A server echoing the caller's key as its request id and error code: spans and events hold neither. */
    @Test
    void anEchoedKeyReachesNoSpanAttributeOrEvent() {
        String envelope = "{\"status\":503,\"error\":\"" + KEY + "\",\"message\":\"Bearer " + KEY
                + "\",\"meta\":{\"requestId\":\"" + KEY + "\",\"version\":\"2.0.0\"}}";
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503).withHeader("X-Request-Id", KEY)
                .withHeader("Content-Type", "application/json").withBody(envelope), 3);
        try (DockClient dock = client().build()) {
            assertThatThrownBy(() -> dock.sessions().create(params("user_1"))).isInstanceOf(VerifyKitException.class);
        }

        SpanData call = onlySpan("POST /v2/sessions");
        assertThat(call.getEvents()).hasSize(2);
        assertThat(call.getEvents().get(0).getAttributes().get(SpanKeys.REASON)).as("the echoed code, masked")
                .isEqualTo("HTTP 503 [REDACTED]");
        assertThat(call.getAttributes().get(SpanKeys.REQUEST_ID)).isEqualTo("[REDACTED]");
        assertThat(exporter.getFinishedSpanItems().toString()).doesNotContain(KEY);
    }

    @Test
    void withoutPropagatorsNoHeaderIsSentButSpansAreStillMade() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (OpenTelemetrySdk noPropagation = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
                DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                        .listener(VerifyKitTracing.create(noPropagation)).build()) {
            dock.sessions().create(params("user_1"));

            assertThat(spans.getFinishedSpanItems()).singleElement().satisfies(call -> {
                assertThat(call.getName()).isEqualTo("POST /v2/sessions");
                assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
            });
        }
        assertThat(mock.journal().find(MockJournalQuery.all().method("POST")).get(0).header("traceparent")).isNull();
    }

    @Test
    void spansWhoseEndNeverComesAreEndedAsUnfinishedPastTheBound() {
        VerifyKitTracing bounded = VerifyKitTracing.create(otel, 2);
        CallStart first = call(1);
        bounded.onCallStart(first);
        bounded.onCallStart(call(2));
        assertThat(exporter.getFinishedSpanItems()).isEmpty();

        bounded.onCallStart(call(3));

        assertThat(bounded.openSpans()).isEqualTo(2);
        SpanData evicted = onlySpan("GET /v2/sessions/{id}");
        assertThat(evicted.getAttributes().get(SpanKeys.UNFINISHED)).isTrue();
        assertThat(evicted.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(bounded.requestHeaders(first)).isEmpty();
        // Its late end changes nothing; the others still end normally.
        bounded.onCallEnd(first, CallEnd.builder().attempts(1).duration(Duration.ZERO).build());
        bounded.onCallEnd(call(2), CallEnd.builder().attempts(1).duration(Duration.ZERO).build());
        assertThat(exporter.getFinishedSpanItems()).hasSize(2);
        assertThat(bounded.openSpans()).isEqualTo(1);

        WaitStart wait = WaitStart.builder().id(10).service(Service.DOCK).operation("dock.awaitCompletion").build();
        bounded.onWaitStart(wait);
        bounded.onWaitEnd(wait, WaitEnd.builder().outcome(WaitOutcome.CANCELLED).attempts(0).pollsUsed(0)
                .duration(Duration.ZERO).build());
        assertThat(onlySpan("dock.awaitCompletion").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(bounded.openSpans()).isEqualTo(1);
    }

    @Test
    void aCallOfAWaitThatIsNotTracedFallsBackToTheCurrentContext() {
        Span current = app.spanBuilder("current").startSpan();
        CallStart orphan = call(5).toBuilder().waitId(99).build();
        try (Scope scope = current.makeCurrent()) {
            tracing.onCallStart(orphan);
        }
        assertThat(tracing.requestHeaders(orphan)).containsOnlyKeys("traceparent");
        tracing.onCallEnd(orphan, CallEnd.builder().attempts(1).duration(Duration.ZERO).build());
        current.end();

        assertThat(onlySpan("GET /v2/sessions/{id}").getParentSpanId()).isEqualTo(onlySpan("current").getSpanId());
    }

    @Test
    void noOpenTelemetryIsRefused() {
        assertThatThrownBy(() -> VerifyKitTracing.create(null)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("openTelemetry");
        assertThat(VerifyKitTracing.create(OpenTelemetry.noop()).requestHeaders(call(1))).isEmpty();
    }

    private static CallStart call(long id) {
        return CallStart.builder().id(id).service(Service.DOCK).operation("GET /v2/sessions/{id}").build();
    }

    /** A create whose 200 answer cannot be read throws to its caller: its span must not say it succeeded. */
    @Test
    void aCreateThatThrowsOnAnUnreadableAnswerIsAnErrorSpan() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(200)
                .withHeader("Content-Type", "application/json").withBody("{}"), 1);
        try (DockClient dock = client().build()) {
            assertThatThrownBy(() -> dock.sessions().create(params("user_1")))
                    .isInstanceOf(MalformedResponseException.class);
        }

        SpanData call = onlySpan("POST /v2/sessions");
        assertThat(call.getStatus().getStatusCode())
                .as("the span of a create() that threw %s", "MalformedResponseException").isEqualTo(StatusCode.ERROR);
        assertThat(call.getAttributes().get(SpanKeys.ERROR_TYPE)).as("error.type of the failed create").isNotNull();
    }

    /**
     * A call refused for its options (a create whose options replace the User-Agent; a read's and a
     * wait's are refused so too) is refused before its listeners hear of a call: no span is begun,
     * none is left open until evicted.
     */
    @Test
    void aCallRefusedBeforeSendingLeavesNoSpanOpen() {
        try (DockClient dock = client().build()) {
            assertThatThrownBy(() -> dock.sessions().create(params("user_1"),
                    RequestOptions.builder().header("User-Agent", "mine/1.0").build()))
                    .isInstanceOf(dev.verifykit.error.ValidationException.class);
        }

        assertThat(callStarts).as("calls started").isEmpty();
        assertThat(tracing.openSpans()).as("spans left open").isZero();
        assertThat(spansNamed("POST /v2/sessions")).as("spans of the refused create").isEmpty();
    }

    /** The CLIENT span's HTTP attributes, per the stable OTel HTTP semantic conventions. */
    @Test
    void aClientSpanHasTheRequiredHttpClientAttributes() {
        try (DockClient dock = client().build()) {
            dock.sessions().create(params("user_1"));
        }

        SpanData call = onlySpan("POST /v2/sessions");
        assertThat(call.getAttributes().get(AttributeKey.stringKey("http.request.method")))
                .as("http.request.method (required for HTTP client spans)").isEqualTo("POST");
        assertThat(call.getAttributes().get(AttributeKey.stringKey("server.address")))
                .as("server.address (required for HTTP client spans)").isNotBlank();
        assertThat(call.getAttributes().get(AttributeKey.longKey("server.port")))
                .as("server.port (required for HTTP client spans)").isNotNull();
    }

    /**
     * A cancelled wait is no error (the Javadoc); the read it had in flight was cancelled too, by the
     * caller: that is no transport failure either.
     */
    @Test
    void aCancelledWaitsInFlightReadIsNotATransportError() throws Exception {
        try (DockClient dock = client().build()) {
            DockSession session = dock.sessions().create(params("user_1"));
            mock.faults().add("GET", "/dock/v2/sessions/*", MockFault.delayHead(Duration.ofSeconds(20)), 1);
            callStarts.clear();
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id(),
                    WaitOptions.builder().timeout(Duration.ofSeconds(30)).build());
            assertThat(callStarts.poll(30, TimeUnit.SECONDS)).as("the read started").isNotNull();
            wait.cancel(true);
            waitEnded.get(30, TimeUnit.SECONDS);
        }

        SpanData wait = onlySpan("dock.awaitCompletion");
        assertThat(wait.getAttributes().get(SpanKeys.WAIT_OUTCOME)).isEqualTo("cancelled");
        assertThat(wait.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        SpanData read = onlySpan("GET /v2/sessions/{id}");
        assertThat(read.getAttributes().get(SpanKeys.ERROR_TYPE)).as("error.type of the read the caller cancelled")
                .isNull();
        assertThat(read.getStatus().getStatusCode()).as("status of the read the caller cancelled")
                .isNotEqualTo(StatusCode.ERROR);
        assertThat(read.getAttributes().get(SpanKeys.CANCELLED)).isTrue();
    }

    /** close() during an async wait: every span ends, nothing stays open in the shared listener. */
    @Test
    void closeDuringAnAsyncWaitLeavesNoSpanOpen() throws Exception {
        DockClient dock = client().build();
        DockSession session = dock.sessions().create(params("user_1"));
        mock.faults().add("GET", "/dock/v2/sessions/*", MockFault.delayHead(Duration.ofSeconds(20)), 1);
        callStarts.clear();
        CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id(),
                WaitOptions.builder().timeout(Duration.ofSeconds(30)).build());
        assertThat(callStarts.poll(30, TimeUnit.SECONDS)).isNotNull();
        dock.close();
        assertThat(waitEnded.get(30, TimeUnit.SECONDS).outcome().name()).isEqualTo("CANCELLED");
        assertThat(tracing.openSpans()).isZero();
        assertThat(spansNamed("GET /v2/sessions/{id}")).hasSize(1);
        assertThat(wait).isCompletedExceptionally();
    }

    /**
     * A blocking wait that long-polls many times: one wait span, each read a child, none left open.
     * The wait ends at its own limit of reads (a timeout of 2.5 s, each long-poll taking 1 s, let a
     * loaded machine make only one read in it, failing the count).
     */
    @Test
    void aBlockingWaitOfManyReadsEndsEverySpanOnce() throws Exception {
        Span parent = app.spanBuilder("link").startSpan();
        try (DockClient dock = client().build(); Scope scope = parent.makeCurrent()) {
            DockSession session = dock.sessions().create(params("user_1"));
            assertThatThrownBy(() -> dock.sessions().awaitCompletion(session.id(),
                    WaitOptions.builder().maxRequests(3).timeout(Duration.ofMinutes(2)).build()))
                    .isInstanceOf(dev.verifykit.error.PollCapException.class);
            waitEnded.get(30, TimeUnit.SECONDS);
        } finally {
            parent.end();
        }
        SpanData wait = onlySpan("dock.awaitCompletion");
        assertThat(wait.getParentSpanId()).isEqualTo(onlySpan("link").getSpanId());
        List<SpanData> reads = spansNamed("GET /v2/sessions/{id}");
        assertThat(reads).as("the wait's reads").hasSize(3);
        assertThat(reads).allSatisfy(r -> assertThat(r.getParentSpanId()).isEqualTo(wait.getSpanId()));
        assertThat(reads.stream().map(SpanData::getSpanId).distinct().count()).isEqualTo(reads.size());
        assertThat(tracing.openSpans()).isZero();
    }

    private static WaitStart aWait(long id) {
        return WaitStart.builder().id(id).service(Service.DOCK).operation("dock.awaitCompletion").build();
    }

    private static WaitEnd ended(WaitOutcome outcome) {
        return WaitEnd.builder().outcome(outcome).attempts(1).pollsUsed(1).duration(Duration.ofSeconds(1)).build();
    }

    /**
     * A retry's event: {@code verifykit.attempt}, {@code verifykit.reason}, {@code verifykit.delay_ms}
     * from the failure, {@code http.response.status_code} when the service refused the attempt and
     * {@code verifykit.retry_after_ms} when it asked; the call's span counts its retries, and a call
     * neither cancelled nor failed carries no {@code verifykit.cancelled} and no error.
     */
    @Test
    void aRetrysEventCarriesItsDelayAndTheRefusalsStatusAndHint() {
        CallStart call = call(1);
        tracing.onCallStart(call);
        tracing.onRetry(call, RetryEvent.builder().attempt(1).reason("TransportException").delay(Duration.ofMillis(250))
                .build());
        tracing.onRetry(call, RetryEvent.builder().attempt(2).reason("HTTP 429 RATE_LIMITED").status(429)
                .delay(Duration.ofMillis(1500)).hint(Duration.ofSeconds(1)).build());
        tracing.onCallEnd(call, CallEnd.builder().attempts(3).duration(Duration.ofSeconds(2)).status(200).build());

        SpanData span = onlySpan("GET /v2/sessions/{id}");
        assertThat(span.getEvents()).extracting(EventData::getName).containsExactly("verifykit.retry", "verifykit.retry");
        assertThat(span.getEvents().get(0).getAttributes().asMap()).isEqualTo(Map.of(SpanKeys.ATTEMPT, 1L,
                SpanKeys.REASON, "TransportException", SpanKeys.DELAY_MS, 250L));
        assertThat(span.getEvents().get(1).getAttributes().asMap()).isEqualTo(Map.of(SpanKeys.ATTEMPT, 2L,
                SpanKeys.REASON, "HTTP 429 RATE_LIMITED", SpanKeys.DELAY_MS, 1500L, SpanKeys.STATUS, 429L,
                SpanKeys.HINT_MS, 1000L));
        assertThat(span.getAttributes().get(SpanKeys.RETRIES)).isEqualTo(2L);
        assertThat(span.getAttributes().get(SpanKeys.STATUS)).isEqualTo(200L);
        assertThat(span.getAttributes().get(SpanKeys.CANCELLED)).as("verifykit.cancelled of a call that succeeded").isNull();
        assertThat(span.getAttributes().get(SpanKeys.ERROR_TYPE)).isNull();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    /** A call that ended before any attempt was made (refused before sending) made no retry: never -1. */
    @Test
    void aCallEndedBeforeItsFirstAttemptHasNoRetries() {
        tracing.onCallStart(call(1));
        tracing.onCallEnd(call(1), CallEnd.builder().attempts(0).duration(Duration.ZERO).build());

        assertThat(onlySpan("GET /v2/sessions/{id}").getAttributes().get(SpanKeys.RETRIES)).isZero();
    }

    /**
     * A stream's opens and closes are events of its wait's span: {@code verifykit.stream.open} with its
     * operation and request id, {@code verifykit.stream.close} with {@code verifykit.reason}, {@code verifykit.stream.events}
     * and {@code verifykit.duration_ms}.
     */
    @Test
    void aStreamsCloseEventCarriesItsReasonEventsAndDuration() {
        WaitStart wait = WaitStart.builder().id(1).service(Service.DOCK).operation("dock.stream").build();
        StreamEvent stream = StreamEvent.builder().waitId(1).service(Service.DOCK).operation("GET /v2/sessions/{id}/stream")
                .requestId("req_1").build();
        tracing.onWaitStart(wait);
        tracing.onStreamOpen(stream);
        tracing.onStreamClose(stream, StreamClose.builder().reason(StreamCloseReason.SERVER_CLOSED).events(3)
                .duration(Duration.ofMillis(1500)).build());
        tracing.onWaitEnd(wait, ended(WaitOutcome.COMPLETED));

        List<EventData> events = onlySpan("dock.stream").getEvents();
        assertThat(events).extracting(EventData::getName).containsExactly("verifykit.stream.open", "verifykit.stream.close");
        assertThat(events.get(0).getAttributes().asMap()).isEqualTo(Map.of(SpanKeys.OPERATION,
                "GET /v2/sessions/{id}/stream", SpanKeys.REQUEST_ID, "req_1"));
        assertThat(events.get(1).getAttributes().asMap()).isEqualTo(Map.of(SpanKeys.REASON, "server_closed",
                SpanKeys.STREAM_EVENTS, 3L, SpanKeys.DURATION_MS, 1500L));
    }

    /**
     * A wait's span for each outcome: {@code INTERNAL}, named after it, with its service, operation,
     * timeout, outcome, requests and polls used; {@code error.type} and status {@code ERROR} when it
     * timed out, stopped at the poll cap or at its own {@code maxRequests}, or failed, and neither when
     * it completed or was cancelled (a client's close, with its failure, included).
     */
    @Test
    void aWaitsSpanIsAnErrorOnlyWhenItGaveUpOrFailed() {
        for (WaitOutcome outcome : WaitOutcome.values()) {
            WaitStart wait = WaitStart.builder().id(100 + outcome.ordinal()).service(Service.DOKAI)
                    .operation("dokai.awaitResult").timeout(Duration.ofSeconds(30)).build();
            tracing.onWaitStart(wait);
            tracing.onWaitEnd(wait, WaitEnd.builder().outcome(outcome).attempts(4).pollsUsed(5)
                    .duration(Duration.ofSeconds(2)).failure(outcome == WaitOutcome.COMPLETED ? Optional.empty()
                            : Optional.of(new TransportException(Service.DOKAI, "dokai: cut", null, null))).build());
        }

        List<SpanData> waits = spansNamed("dokai.awaitResult");
        assertThat(waits).hasSize(WaitOutcome.values().length);
        for (SpanData wait : waits) {
            String outcome = wait.getAttributes().get(SpanKeys.WAIT_OUTCOME);
            boolean error = !outcome.equals("completed") && !outcome.equals("cancelled");
            assertThat(wait.getKind()).isEqualTo(SpanKind.INTERNAL);
            assertThat(wait.getAttributes().get(SpanKeys.SERVICE)).isEqualTo("dokai");
            assertThat(wait.getAttributes().get(SpanKeys.OPERATION)).isEqualTo("dokai.awaitResult");
            assertThat(wait.getAttributes().get(SpanKeys.WAIT_TIMEOUT_MS)).isEqualTo(30_000L);
            assertThat(wait.getAttributes().get(SpanKeys.WAIT_ATTEMPTS)).isEqualTo(4L);
            assertThat(wait.getAttributes().get(SpanKeys.WAIT_POLLS_USED)).isEqualTo(5L);
            assertThat(wait.getStatus().getStatusCode()).as("status of a wait ended %s", outcome)
                    .isEqualTo(error ? StatusCode.ERROR : StatusCode.UNSET);
            assertThat(wait.getAttributes().get(SpanKeys.ERROR_TYPE)).as("error.type of a wait ended %s", outcome)
                    .isEqualTo(error ? TransportException.class.getName() : null);
        }
        assertThat(waits).extracting(wait -> wait.getAttributes().get(SpanKeys.WAIT_OUTCOME)).containsExactlyInAnyOrder(
                "completed", "timed_out", "cancelled", "poll_cap", "request_limit", "failed");
    }

    /**
     * The poll cap a wait's progress tells is on its span while it waits, though its end does not repeat
     * it; a wait whose plan has none (Dokai's) has no {@code verifykit.wait.poll_cap}.
     */
    @Test
    void aWaitsPollCapHeardInItsProgressIsOnItsSpan() {
        WaitStart wait = aWait(1);
        WaitStart uncapped = WaitStart.builder().id(2).service(Service.DOKAI).operation("dokai.awaitResult").build();
        tracing.onWaitStart(wait);
        tracing.onWaitStart(uncapped);
        tracing.onWaitProgress(wait, WaitProgress.builder().attempts(1).pollsUsed(1).pollCap(3)
                .elapsed(Duration.ofSeconds(1)).lastStatus("pending").build());
        tracing.onWaitProgress(uncapped, WaitProgress.builder().attempts(1).pollsUsed(1)
                .elapsed(Duration.ofSeconds(1)).lastStatus("processing").build());
        tracing.onWaitEnd(wait, ended(WaitOutcome.COMPLETED));
        tracing.onWaitEnd(uncapped, ended(WaitOutcome.COMPLETED));

        assertThat(onlySpan("dock.awaitCompletion").getAttributes().get(SpanKeys.WAIT_POLL_CAP)).isEqualTo(3L);
        assertThat(onlySpan("dokai.awaitResult").getAttributes().get(SpanKeys.WAIT_POLL_CAP)).isNull();
    }

    /**
     * A wait carrying another on ({@code parentWaitId}) is a child of that wait's span, in progress or
     * among the last 1,000 ended; one carrying on a wait ended before those is a child of the context
     * current as it begins (here none: a new trace).
     */
    @Test
    void aWaitCarryingAnotherOnIsItsChildWhileTheLast1000EndedAreKept() {
        for (long id = 1; id <= 1_001; id++) {
            tracing.onWaitStart(aWait(id));
            tracing.onWaitEnd(aWait(id), ended(WaitOutcome.FAILED));
        }
        tracing.onWaitStart(aWait(5_000));
        WaitStart[] carrying = {
            aWait(2_001).toBuilder().parentWaitId(1).build(), // ended before the last 1,000: forgotten
            aWait(2_002).toBuilder().parentWaitId(2).build(), // the oldest of the last 1,000
            aWait(2_003).toBuilder().parentWaitId(5_000).build(), // in progress
        };
        for (WaitStart wait : carrying) {
            tracing.onWaitStart(wait);
        }
        for (WaitStart wait : carrying) {
            tracing.onWaitEnd(wait, ended(WaitOutcome.COMPLETED));
        }
        tracing.onWaitEnd(aWait(5_000), ended(WaitOutcome.COMPLETED));

        List<SpanData> waits = spansNamed("dock.awaitCompletion");
        SpanContext second = waits.get(1).getSpanContext();
        SpanContext inProgress = waits.get(waits.size() - 1).getSpanContext();
        List<SpanData> children = waits.subList(1_001, 1_004);
        assertThat(children.get(0).getParentSpanContext().isValid()).as("parent of a wait carrying on a forgotten one")
                .isFalse();
        assertThat(children.get(1).getParentSpanContext()).isEqualTo(second);
        assertThat(children.get(2).getParentSpanContext()).isEqualTo(inProgress);
    }

    /**
     * Events of a call or a wait whose span was ended as unfinished past the bound (its end never
     * came, then came late) are dropped without a failure: no span is made or changed.
     */
    @Test
    void theEventsOfSpansEndedAsUnfinishedAreDropped() {
        VerifyKitTracing bounded = VerifyKitTracing.create(otel, 1);
        CallStart first = call(1);
        bounded.onCallStart(first);
        bounded.onCallStart(call(2));
        WaitStart wait = WaitStart.builder().id(10).service(Service.DOCK).operation("dock.stream").build();
        bounded.onWaitStart(wait);
        bounded.onWaitStart(aWait(11));
        assertThat(exporter.getFinishedSpanItems()).hasSize(2);
        StreamEvent stream = StreamEvent.builder().waitId(10).service(Service.DOCK).operation("GET /v2/sessions/{id}/stream")
                .build();

        bounded.onRetry(first, RetryEvent.builder().attempt(1).reason("HTTP 503").status(503).delay(Duration.ZERO).build());
        bounded.onCreateBucketWait(first, BucketWait.builder().service(Service.DOCK).attempt(1)
                .delay(Duration.ofSeconds(1)).build());
        bounded.onCallEnd(first, CallEnd.builder().attempts(1).duration(Duration.ZERO).build());
        bounded.onStreamOpen(stream);
        bounded.onStreamClose(stream, StreamClose.builder().reason(StreamCloseReason.BROKEN).duration(Duration.ZERO).build());
        bounded.onWaitProgress(wait, WaitProgress.builder().attempts(1).pollsUsed(1).pollCap(3)
                .elapsed(Duration.ofSeconds(1)).lastStatus("pending").build());
        bounded.onWaitEnd(wait, ended(WaitOutcome.COMPLETED));

        assertThat(exporter.getFinishedSpanItems()).hasSize(2).allSatisfy(span -> {
            assertThat(span.getEvents()).isEmpty();
            assertThat(span.getAttributes().get(SpanKeys.UNFINISHED)).isTrue();
        });
        assertThat(bounded.openSpans()).isEqualTo(2);
    }

    /**
     * Ending its oldest spans as unfinished is logged once as a warning, on the logger
     * {@code dev.verifykit.opentelemetry} (Javadoc, README's table of loggers).
     */
    @Test
    void endingTheOldestSpansAsUnfinishedIsLoggedOnce() {
        VerifyKitTracing bounded = VerifyKitTracing.create(otel, 2);
        List<LogRecord> warnings = LoggedWarnings.during("dev.verifykit.opentelemetry", () -> {
            for (long id = 1; id <= 5; id++) {
                bounded.onCallStart(call(id));
            }
        });

        assertThat(exporter.getFinishedSpanItems()).hasSize(3);
        assertThat(warnings).singleElement().satisfies(warning -> assertThat(warning.getMessage())
                .contains("more than 2 VerifyKit calls or waits were open at once"));
    }

    /** {@link VerifyKitTracing#MAX_OPEN} waits (and as many calls) are kept open at once by default; one more ends the oldest. */
    @Test
    void byDefaultMaxOpenWaitsAreKeptOpen() {
        VerifyKitTracing unbounded = VerifyKitTracing.create(OpenTelemetry.noop());
        for (long id = 1; id <= VerifyKitTracing.MAX_OPEN; id++) {
            unbounded.onWaitStart(aWait(id));
        }
        assertThat(unbounded.openSpans()).isEqualTo(VerifyKitTracing.MAX_OPEN);

        unbounded.onWaitStart(aWait(VerifyKitTracing.MAX_OPEN + 1L));

        assertThat(unbounded.openSpans()).isEqualTo(VerifyKitTracing.MAX_OPEN);
    }
}
