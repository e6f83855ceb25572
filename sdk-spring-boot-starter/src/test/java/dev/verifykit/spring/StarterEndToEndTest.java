package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockPlan;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.dokai.KycStatus;
import dev.verifykit.error.Service;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitStart;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.DokaiSettings;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.mock.MockWebhookDelivery;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.roblox.VerificationStatus;
import dev.verifykit.servlet.RelayAuthorizer;
import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookSigner;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter in a running Spring Boot application (Tomcat on a random port) against the reference
 * mock: clients made from properties, customizers and listener beans applied, the webhook endpoint
 * and the relay registered.
 */
@SpringBootTest(classes = StarterEndToEndTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class StarterEndToEndTest {
    private static final String CUSTOMIZED_HEADER = "X-Test-Customized";
    private static final String FORGED_SECRET = "whsec_not_the_one";
    /**
     * The mock gives the app's webhook endpoint a minute to answer, not its default 5 s: the first
     * request to a freshly started app on a loaded machine can take longer, and an attempt timed out is
     * logged with status -1 (the delivery checked below) however well the endpoint then handled it.
     */
    private static final MockServer MOCK = MockServer.start(MockSettings.builder().dock(DockSettings.builder()
            .minPollInterval(Duration.ofMillis(200)).maxWait(Duration.ofSeconds(1)).build())
            .dokai(DokaiSettings.builder().deliveryTimeout(Duration.ofMinutes(1)).build()).build());
    private static final Queue<CallStart> CALLS = new ConcurrentLinkedQueue<>();
    private static final Queue<WaitStart> WAITS = new ConcurrentLinkedQueue<>();
    private static final BlockingQueue<DokaiWebhookEvent> HANDLED = new LinkedBlockingQueue<>();
    private static final OkHttpClient CUSTOM_HTTP = new OkHttpClient.Builder()
            .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header(CUSTOMIZED_HEADER, "yes").build()))
            .build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @LocalServerPort
    int port;
    @Autowired
    DockClient dock;
    @Autowired
    DokaiClient dokai;
    @Autowired
    RobloxVerificationClient roblox;
    @Autowired
    RobloxGameServerClient game;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("verifykit.dock.api-key", () -> "dock_test_free");
        registry.add("verifykit.dock.base-url", MOCK::dockBaseUrl);
        registry.add("verifykit.dock.guardrails.min-poll-interval", () -> "200ms");
        registry.add("verifykit.dock.guardrails.max-wait", () -> "1s");
        registry.add("verifykit.dock.relay.enabled", () -> "true");
        registry.add("verifykit.dokai.api-key", () -> "dk_test_mock");
        registry.add("verifykit.dokai.base-url", MOCK::dokaiBaseUrl);
        registry.add("verifykit.dokai.initial-poll-interval", () -> "100ms");
        registry.add("verifykit.dokai.max-poll-interval", () -> "400ms");
        registry.add("verifykit.dokai.webhook.enabled", () -> "true");
        registry.add("verifykit.dokai.webhook.secret", () -> MOCK.settings().dokai().webhookSecret());
        registry.add("verifykit.roblox.base-url", MOCK::robloxBaseUrl);
        registry.add("verifykit.roblox.verification-secret", () -> MOCK.settings().roblox().verificationSecret());
        registry.add("verifykit.roblox.check-interval", () -> "200ms");
        registry.add("verifykit.roblox.min-check-interval", () -> "200ms");
    }

    @AfterAll
    static void stopMock() {
        MOCK.close();
        CUSTOM_HTTP.dispatcher().executorService().shutdown();
        CUSTOM_HTTP.connectionPool().evictAll();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        VerifyKitListener recordingListener() {
            return new VerifyKitListener() {
                @Override
                public void onCallStart(CallStart call) {
                    CALLS.add(call);
                }

                @Override
                public void onWaitStart(WaitStart wait) {
                    WAITS.add(wait);
                }
            };
        }

        /** Every client's requests carry a header the mock's journal shows. */
        @Bean
        VerifyKitClientCustomizer sharedHttp() {
            return builder -> builder.okHttpClient(CUSTOM_HTTP);
        }

        /** The properties leave the plan at free; this makes it premium. */
        @Bean
        DockClientCustomizer premium() {
            return builder -> builder.plan(DockPlan.PREMIUM);
        }

        @Bean
        WebhookHandler handler() {
            return HANDLED::add;
        }

        @Bean
        RelayAuthorizer onlyAlice() {
            return (request, sessionId) -> "alice".equals(request.getHeader("X-User"));
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    void theDockClientFromPropertiesCreatesRetrievesAndWaitsWithTheCustomizersAndListenerApplied() {
        DockSession created = dock.sessions().create(CreateSessionParams.builder()
                .pid("PID-FREE0001").clientId("user_dock_e2e").build());
        DockSession retrieved = dock.sessions().retrieve(created.id());
        MOCK.dock().complete(created.id());
        DockSession done = dock.sessions().awaitCompletion(created.id());

        assertThat(retrieved.id()).isEqualTo(created.id());
        assertThat(retrieved.status().value()).isEqualTo(DockSessionStatus.PENDING);
        assertThat(done.status().value()).isEqualTo(DockSessionStatus.COMPLETED);
        assertThat(dock.plan()).isEqualTo(DockPlan.PREMIUM);
        assertThat(dock.guardrails().minPollInterval()).isEqualTo(Duration.ofMillis(200));
        List<MockJournalEntry> dockRequests = MOCK.journal().entries().stream()
                .filter(e -> "dock".equals(e.service()) && e.path().contains(created.id())).toList();
        assertThat(dockRequests).isNotEmpty()
                .allSatisfy(e -> assertThat(e.header(CUSTOMIZED_HEADER)).isEqualTo("yes"));
        assertThat(CALLS).anySatisfy(c -> {
            assertThat(c.service()).isEqualTo(Service.DOCK);
            assertThat(c.operation()).isEqualTo("POST /v2/sessions");
        });
        assertThat(WAITS).anySatisfy(w -> assertThat(w.operation()).isEqualTo("dock.awaitCompletion"));
    }

    @Test
    void theDokaiClientAndTheWebhookEndpointHandleAMockDeliveryOnceAndRefuseAForgedOne() throws Exception {
        String hook = url("/verifykit/dokai/webhook");
        KycSession created = dokai.verifySessions().create(CreateKycSessionParams.builder().webhookUrl(hook).build());
        KycSession retrieved = dokai.verifySessions().retrieve(created.id());
        MOCK.dokai().finish(created.id(), "verified");
        KycSession done = dokai.verifySessions().awaitResult(created.id());
        DokaiWebhookEvent event = HANDLED.poll(20, TimeUnit.SECONDS);
        MockWebhookDelivery delivery = MOCK.dokai().awaitDeliveries(1, Duration.ofSeconds(20)).get(0);

        assertThat(retrieved.id()).isEqualTo(created.id());
        assertThat(done.status().value()).isEqualTo(KycStatus.VERIFIED);
        assertThat(event).isInstanceOfSatisfying(DokaiWebhookEvent.Completed.class,
                c -> assertThat(c.session().id()).isEqualTo(created.id()));
        assertThat(delivery.url()).isEqualTo(hook);
        assertThat(delivery.status()).isEqualTo(200);
        assertThat(CALLS).anySatisfy(c -> assertThat(c.service()).isEqualTo(Service.DOKAI));

        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> replay = post(hook, body, delivery.signatureHeader());
        HttpResponse<String> forged = post(hook, body, WebhookSigner.of(FORGED_SECRET).sign(body));
        HttpResponse<String> unsigned = post(hook, body, null);

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo("ALREADY_HANDLED\n");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).isEqualTo("REFUSED\n");
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(HANDLED).isEmpty(); // the replay and the refused ones never reached the handler
    }

    @Test
    void bothRobloxClientsFromPropertiesBeginCompleteAndWait() {
        VerificationStart start = roblox.beginVerification();
        game.completeVerification(start.code(), "156319135");
        VerificationStatus status = roblox.awaitVerification(start.sessionId());

        assertThat(status).isInstanceOfSatisfying(VerificationStatus.Verified.class,
                v -> assertThat(v.user().robloxUserId()).isEqualTo("156319135"));
        assertThat(CALLS).filteredOn(c -> c.service() == Service.ROBLOX).extracting(CallStart::operation)
                .anySatisfy(op -> assertThat(op).contains("beginVerification"))
                .anySatisfy(op -> assertThat(op).contains("completeVerification"));
        assertThat(MOCK.journal().entries()).filteredOn(e -> "roblox".equals(e.service())).isNotEmpty()
                .allSatisfy(e -> assertThat(e.header(CUSTOMIZED_HEADER)).isEqualTo("yes"));
    }

    @Test
    void theRelayIsRegisteredDeniesAnUnauthorisedCallerAndStreamsToAnAuthorisedOne() throws Exception {
        DockSession created = dock.sessions().create(CreateSessionParams.builder()
                .pid("PID-FREE0001").clientId("user_relay_e2e").build());
        String events = url("/verifykit/dock/sessions/" + created.id() + "/events");

        HttpResponse<String> denied = http.send(HttpRequest.newBuilder(URI.create(events))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<InputStream> allowed = http.send(HttpRequest.newBuilder(URI.create(events)).header("X-User", "alice")
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());

        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(allowed.body(), StandardCharsets.UTF_8))) {
            String line;
            String data = null;
            boolean session = false;
            while ((line = reader.readLine()) != null) {
                if (line.equals("event: session")) {
                    session = true;
                } else if (session && line.startsWith("data:")) {
                    data = line;
                    break;
                }
            }
            assertThat(data).contains("\"" + created.id() + "\"").contains("pending")
                    .doesNotContain("dock_test_free");
        }
    }

    private HttpResponse<String> post(String url, byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(WebhookSigner.HEADER, signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
