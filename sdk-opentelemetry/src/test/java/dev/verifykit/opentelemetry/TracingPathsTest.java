package dev.verifykit.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.Service;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitOutcome;
import dev.verifykit.event.WaitStart;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * VerifyKitTracing on paths the other tests do not take: a wait its caller completes (README:
 * "Completing or cancelling the future yourself ends the wait"), a retry told but never made, and
 * as many waits in progress as the clients' default {@code maxConcurrentWaits} allow.
 */
class TracingPathsTest {
    private static final String KEY = "dock_test_free";

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    private final VerifyKitTracing tracing = VerifyKitTracing.create(otel);
    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(50)).build())
            .build());

    @AfterEach
    void stop() {
        mock.close();
        otel.close();
    }

    private DockClient.Builder client() {
        return DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(50))
                        .build())
                .retryPolicy(RetryPolicy.builder().maxRetries(2).baseDelay(Duration.ofMillis(10))
                        .maxDelay(Duration.ofMillis(20)).build())
                .createTokenWait(Duration.ZERO).listener(tracing);
    }

    private static CreateSessionParams params(String clientId) {
        return CreateSessionParams.builder().pid("PID-FREE0001").clientId(clientId).build();
    }

    private List<SpanData> spansNamed(String name) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    }

    private CompletableFuture<DockSession> heldWait(DockClient dock) throws Exception {
        DockSession session = dock.sessions().create(params("user_1"));
        CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (mock.dock().heldLongPolls() < 1 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(mock.dock().heldLongPolls()).as("the wait's long-poll, held by the mock").isEqualTo(1);
        return wait;
    }

    /** completeAsync completes the wait without its complete(): its span is never ended. */
    @Test
    void aWaitItsCallerCompletesWithCompleteAsyncEndsItsSpan() throws Exception {
        try (DockClient dock = client().build()) {
            CompletableFuture<DockSession> wait = heldWait(dock);
            wait.completeAsync(() -> null, Runnable::run);
            assertThat(wait).isDone();
        }
        assertThat(tracing.openSpans()).as("spans left open once the wait was completed and the client closed").isZero();
        assertThat(spansNamed("dock.awaitCompletion")).as("the wait's span").hasSize(1);
    }

    /**
     * orTimeout (here by hand, as its timer does): the wait's span ends first, then its call's,
     * cancelled after it; a cancel ends the call first (CHANGELOG: "the call is stopped first now").
     */
    @Test
    void aWaitItsCallerCompletesExceptionallyEndsItsCallSpanFirst() throws Exception {
        try (DockClient dock = client().build()) {
            CompletableFuture<DockSession> wait = heldWait(dock);
            wait.completeExceptionally(new TimeoutException());
        }
        List<String> ended = exporter.getFinishedSpanItems().stream().map(SpanData::getName).toList();
        assertThat(ended.indexOf("GET /v2/sessions/{id}")).as("the long-poll's span among %s", ended).isNotNegative()
                .isLessThan(ended.indexOf("dock.awaitCompletion"));
    }

    /**
     * A create refused with 503 whose retry finds the create bucket empty (sent once): the span says
     * verifykit.retries=0 and carries a verifykit.retry event.
     */
    @Test
    void aRetryNeverMadeIsNoRetryEventOfItsSpan() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503), 1);
        try (DockClient dock = client().guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50))
                .createBurst(1).createRefill(Duration.ofHours(1)).build()).build()) {
            assertThatThrownBy(() -> dock.sessions().create(params("user_2"))).isInstanceOf(ServerException.class);
        }
        SpanData create = spansNamed("POST /v2/sessions").get(0);
        long retryEvents = create.getEvents().stream().filter(e -> e.getName().equals("verifykit.retry")).count();
        assertThat(retryEvents).as("verifykit.retry events of a span whose verifykit.retries is %s",
                create.getAttributes().get(SpanKeys.RETRIES)).isEqualTo(create.getAttributes().get(SpanKeys.RETRIES));
    }

    /**
     * One VerifyKitTracing serves every client (the Spring starter makes one bean for all): three
     * clients each at their default maxConcurrentWaits, every wait with its long-poll in flight, all
     * ending as they should. The oldest spans are ended as "unfinished" (status ERROR, "its end was
     * never told") and a warning says their ends never came, though every end comes.
     */
    @Test
    void waitsWithinTheClientsDefaultConcurrencyAreNeverEndedAsUnfinished() {
        int perClient = HttpSettings.defaults().maxConcurrentWaits();
        int waits = 3 * perClient;
        WaitStart[] starts = new WaitStart[waits];
        CallStart[] calls = new CallStart[waits];
        for (int i = 0; i < waits; i++) {
            starts[i] = WaitStart.builder().id(1_000_000L + i).service(Service.DOCK).operation("dock.awaitCompletion").build();
            tracing.onWaitStart(starts[i]);
            calls[i] = CallStart.builder().id(2_000_000L + i).service(Service.DOCK).operation("GET /v2/sessions/{id}")
                    .waitId(OptionalLong.of(starts[i].id())).build();
            tracing.onCallStart(calls[i]);
        }
        for (int i = 0; i < waits; i++) {
            tracing.onCallEnd(calls[i], CallEnd.builder().attempts(1).duration(Duration.ofSeconds(1)).status(200).build());
            tracing.onWaitEnd(starts[i], WaitEnd.builder().outcome(WaitOutcome.COMPLETED).attempts(1).pollsUsed(1)
                    .duration(Duration.ofSeconds(1)).build());
        }
        List<SpanData> unfinished = exporter.getFinishedSpanItems().stream()
                .filter(s -> Boolean.TRUE.equals(s.getAttributes().get(SpanKeys.UNFINISHED))).toList();
        assertThat(unfinished.size()).as("spans ended as unfinished among %s waits (%s per client) whose ends all came",
                waits, perClient).isZero();
    }
}
