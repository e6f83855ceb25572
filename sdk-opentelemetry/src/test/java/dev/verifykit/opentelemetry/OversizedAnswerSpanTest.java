package dev.verifykit.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockServer;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The status of an answer whose body was not read (past {@code maxResponseBytes}) on the call's span. */
class OversizedAnswerSpanTest {
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
    private final MockServer mock = MockServer.start();

    @AfterEach
    void stop() {
        mock.close();
        otel.close();
    }

    /**
     * The call span's http.response.status_code is "the last answer": a 503 whose page passes
     * maxResponseBytes was answered 503 on the wire (the exception says so), so its span says 503.
     */
    @Test
    void aCallAnsweredWithATooLargeBodyKeepsItsStatus() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503).withBody("<html>" + "x".repeat(4096)), 1);
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl()).maxRetries(0)
                .maxResponseBytes(1024).listener(VerifyKitTracing.create(otel)).build()) {
            assertThatThrownBy(() -> dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_1").build())).isInstanceOfSatisfying(MalformedResponseException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(503));
        }

        assertThat(exporter.getFinishedSpanItems()).singleElement().satisfies(call -> {
            assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(call.getAttributes().get(SpanKeys.STATUS)).as("http.response.status_code").isEqualTo(503L);
        });
    }
}
