package dev.verifykit.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.mock.RobloxSettings;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.RpcTransformer;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.roblox.VerificationStatus;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The spans of the Roblox RPC's calls and of its await, against the reference mock: the Javadoc's
 * "a wait … parent of its calls" and the attributes of a call hold for the second service as for Dock.
 */
class RpcTracingTest {
    private static final String BUILDER = "156319135";

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    private final Tracer app = otel.getTracer("app");
    private final MockServer mock = MockServer.start(MockSettings.builder().roblox(RobloxSettings.defaults()).build());

    @AfterEach
    void stop() {
        mock.close();
        otel.close();
    }

    private List<SpanData> spansNamed(String name) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    }

    @Test
    void anAwaitVerificationIsAWaitSpanUnderTheCallersSpanAndItsChecksAreItsClientSpans() {
        VerifyKitTracing tracing = VerifyKitTracing.create(otel);
        VerificationStart start;
        VerificationStatus status;
        Span caller = app.spanBuilder("caller").startSpan();
        try (Scope scope = caller.makeCurrent();
                RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(mock.robloxBaseUrl())
                        .transformer(RpcTransformer.NONE).checkInterval(Duration.ofMillis(200))
                        .minCheckInterval(Duration.ofMillis(100)).listener(tracing).build();
                RobloxGameServerClient game = RobloxGameServerClient.builder().baseUrl(mock.robloxBaseUrl())
                        .transformer(RpcTransformer.NONE).verificationSecret(mock.settings().roblox().verificationSecret())
                        .build()) {
            start = rpc.beginVerification();
            game.completeVerification(start.code(), BUILDER);
            status = rpc.awaitVerification(start.sessionId());
        } finally {
            caller.end();
        }
        assertThat(status).isInstanceOf(VerificationStatus.Verified.class);

        SpanData root = spansNamed("caller").get(0);
        List<SpanData> begins = spansNamed("auth.beginVerification");
        assertThat(begins).hasSize(1).allSatisfy(begin -> {
            assertThat(begin.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(begin.getParentSpanId()).isEqualTo(root.getSpanId());
        });
        List<SpanData> waits = spansNamed("roblox.awaitVerification");
        assertThat(waits).as("the await's span").hasSize(1);
        SpanData wait = waits.get(0);
        assertThat(wait.getKind()).isEqualTo(SpanKind.INTERNAL);
        assertThat(wait.getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(wait.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(wait.getAttributes().get(SpanKeys.SERVICE)).isEqualTo("roblox");
        assertThat(wait.getAttributes().get(SpanKeys.WAIT_OUTCOME)).isEqualTo("completed");
        List<SpanData> checks = spansNamed("auth.checkVerification");
        assertThat(wait.getAttributes().get(SpanKeys.WAIT_ATTEMPTS)).isEqualTo((long) checks.size());
        assertThat(checks).isNotEmpty().allSatisfy(check -> {
            assertThat(check.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(check.getTraceId()).isEqualTo(root.getTraceId());
            assertThat(check.getParentSpanId()).as("a check's parent").isEqualTo(wait.getSpanId());
            assertThat(check.getAttributes().get(SpanKeys.SERVICE)).isEqualTo("roblox");
            assertThat(check.getAttributes().get(SpanKeys.HTTP_METHOD)).isEqualTo("POST");
            assertThat(check.getAttributes().get(SpanKeys.STATUS)).isEqualTo(200L);
        });
        assertThat(mock.journal().entries()).filteredOn(r -> r.path().endsWith("auth.checkVerification"))
                .hasSize(checks.size()).allSatisfy(r -> assertThat(r.header("traceparent"))
                        .startsWith("00-" + root.getTraceId() + "-"));
        // span names and attributes are procedure names: never the session's id or its code
        assertThat(exporter.getFinishedSpanItems()).flatExtracting(span -> List.of(span.getName(),
                span.getAttributes().asMap().values().toString(),
                span.getEvents().stream().map(event -> event.getName() + event.getAttributes().asMap().values()).toList().toString()))
                .noneMatch(text -> text.contains(start.sessionId()) || text.contains(start.code()));
        assertThat(tracing.openSpans()).isZero();
    }
}
