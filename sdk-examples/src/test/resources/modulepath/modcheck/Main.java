package modcheck;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.http.RawResponse;
import dev.verifykit.micrometer.VerifyKitMetrics;
import dev.verifykit.opentelemetry.VerifyKitTracing;
import dev.verifykit.redis.RedisReplayGuard;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.roblox.VerificationStatus;
import dev.verifykit.servlet.DockRelay;
import dev.verifykit.servlet.DockRelayServlet;
import dev.verifykit.servlet.WebhookServlet;
import dev.verifykit.sse.DockSessionStreams;
import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import io.micrometer.core.instrument.Timer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Every client once, from the module path: args are the mock's Dock, RPC and Dokai base URLs, and a
 * loopback port where no Redis is expected.
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        DockGuardrails fast = DockGuardrails.builder().minPollInterval(Duration.ofMillis(20)).build();
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(args[0]).guardrails(fast).build()) {
            RawResponse<DockSession> created = dock.sessions().withRawResponse()
                    .create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("modcheck").build());
            DockSession read = dock.sessions().retrieve(created.value().id());
            CountDownLatch streamed = new CountDownLatch(1);
            try (SessionStream stream = DockSessionStreams.of(dock).open(read.id(), new SessionListener() {
                @Override
                public void onSession(DockSession session) {
                    streamed.countDown();
                }
            })) {
                if (!streamed.await(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("no stream event");
                }
            }
            System.out.println("dock " + read.status().raw() + " " + created.idempotencyKey().isPresent());
        }
        try (RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(args[1]).build()) {
            VerificationStart start = rpc.beginVerification();
            VerificationStatus status = rpc.checkVerification(start.sessionId());
            System.out.println("roblox " + (status instanceof VerificationStatus.Pending));
        }
        try (DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_mock").baseUrl(args[2]).build()) {
            KycSession session = dokai.verifySessions().create(CreateKycSessionParams.none());
            System.out.println("dokai " + dokai.verifySessions().retrieve(session.id()).status().raw());
        }
        byte[] body = ("{\"id\":\"ver_1\",\"status\":\"failed\",\"type\":\"hosted\",\"created_at\":\"2026-03-11T10:30:00Z\","
                + "\"expires_at\":\"2026-03-12T10:30:00Z\",\"event\":\"verification.failed\"}").getBytes(StandardCharsets.UTF_8);
        DokaiWebhookEvent event = WebhookVerifier.builder().secret("whsec_modcheck").build()
                .verifyAndParse(body, WebhookSigner.of("whsec_modcheck").sign(body));
        System.out.println("webhook " + event.type());
        observed(args[0]);
        servlets(args[0]);
        redis(Integer.parseInt(args[3]));
    }

    /** The servlet module's two servlets and the relay, built as an application's listener would. */
    private static void servlets(String dockUrl) {
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(dockUrl).build();
                DockRelay relay = DockRelay.create(DockSessionStreams.of(dock))) {
            new WebhookServlet(WebhookVerifier.builder().secret("whsec_modcheck").build(), event -> { });
            new DockRelayServlet(relay, (request, sessionId) -> false);
            System.out.println("servlet " + relay.upstreams());
        }
    }

    /**
     * The Redis module with Lettuce and Netty from the module path: a replay guard on a client whose
     * server is not there fails with an exception (a module Lettuce needs but nothing
     * required would fail with NoClassDefFoundError instead, an Error this does not catch).
     */
    private static void redis(int port) {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port)
                .withTimeout(Duration.ofSeconds(5)).build());
        try (RedisReplayGuard guard = RedisReplayGuard.builder(client).build()) {
            System.out.println("redis claim " + guard.claim("modcheck", Instant.now()).kind());
        } catch (RuntimeException unreachable) {
            System.out.println("redis unreachable");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        }
    }

    /** The tracing and metrics modules as listeners: a create under a known trace context, one timed call. */
    private static void observed(String dockUrl) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OpenTelemetry propagating = OpenTelemetry.propagating(ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
        Span parent = Span.wrap(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                TraceFlags.getSampled(), TraceState.getDefault()));
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(dockUrl)
                .listener(VerifyKitTracing.create(propagating)).listener(VerifyKitMetrics.create(registry)).build();
                Scope scope = parent.makeCurrent()) {
            dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("modcheck-observed").build());
        }
        System.out.println("metrics " + registry.find("verifykit.calls").timers().stream().mapToLong(Timer::count).sum());
    }
}
