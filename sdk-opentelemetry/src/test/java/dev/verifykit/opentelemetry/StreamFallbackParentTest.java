package dev.verifykit.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.sse.DockSessionStreams;
import dev.verifykit.time.Scheduler;
import io.opentelemetry.api.trace.Span;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * VerifyKitTracing's Javadoc and the README: "the long-polls a session stream goes on with when its
 * opens keep failing, started on one of the client's threads, are a wait that is a child of the
 * stream's span" ({@code WaitStart.parentWaitId}). When the stream's wait gives streaming up before
 * its first open was made (its read turn refused: the guardrail store out of reach, a
 * {@code StoreUnavailableException}, which a stream rides out and then falls back from), the stream
 * has no wait id yet (it learns it from its first open's turn): the long-poll wait is told without a
 * parent wait, and its span, started on a client thread, is the root of a trace of its own, cut off
 * from the caller's trace and the stream's span.
 */
class StreamFallbackParentTest {
    private static final String KEY = "dock_test_free";

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(2)).build())
            .build());

    @AfterEach
    void stop() {
        mock.close();
        otel.close();
    }

    /** The in-memory store, whose read starts fail (Redis out of reach) the first {@code failures} times. */
    private static GuardrailStore failingReads(int failures) {
        GuardrailStore memory = GuardrailStore.inMemory(Scheduler.system());
        AtomicInteger left = new AtomicInteger(failures);
        return new GuardrailStore() {
            @Override
            public Duration startCreate(String account, String createId, CreateRules rules) {
                return memory.startCreate(account, createId, rules);
            }

            @Override
            public void createArrived(String account, String createId, CreateRules rules) {
                memory.createArrived(account, createId, rules);
            }

            @Override
            public void createUncounted(String account, String createId, CreateRules rules) {
                memory.createUncounted(account, createId, rules);
            }

            @Override
            public ReadStart startRead(String account, String sessionId, ReadRules rules) {
                if (left.getAndDecrement() > 0) {
                    throw new IllegalStateException("the store is out of reach");
                }
                return memory.startRead(account, sessionId, rules);
            }

            @Override
            public void readArrived(String account, String sessionId, String readId, Duration ago) {
                memory.readArrived(account, sessionId, readId, ago);
            }
        };
    }

    private SpanData only(String name) {
        List<SpanData> spans = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(spans).as("spans named %s", name).hasSize(1);
        return spans.get(0);
    }

    @Test
    void theLongPollsOfAStreamThatNeverOpenedAreAChildOfTheStreamsSpan() throws Exception {
        Span app = otel.getTracer("app").spanBuilder("handler").startSpan();
        try (DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl()).guardrailStore(failingReads(1))
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(2)).build())
                .listener(VerifyKitTracing.create(otel)).build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
            mock.dock().complete(session.id());
            CompletableFuture<DockSession> done;
            try (Scope scope = app.makeCurrent()) {
                done = DockSessionStreams.of(dock, StreamSettings.builder().maxConsecutiveFailures(1).build())
                        .awaitCompletionAsync(session.id(), WaitOptions.builder().timeout(Duration.ofSeconds(30)).build());
            }
            assertThat(done.get(30, TimeUnit.SECONDS).isCompleted()).as("completed by the long-polls").isTrue();
        } finally {
            app.end();
        }
        SpanData stream = only("dock.stream");
        SpanData longPolls = only("dock.awaitCompletion");
        assertThat(stream.getParentSpanId()).as("the stream's span, under the caller's").isEqualTo(app.getSpanContext().getSpanId());
        assertThat(longPolls.getTraceId()).as("trace of the long-polls the stream went on with").isEqualTo(stream.getTraceId());
        assertThat(longPolls.getParentSpanId()).as("parent of the long-polls' span").isEqualTo(stream.getSpanId());
    }
}
