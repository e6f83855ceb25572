package dev.verifykit.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.dokai.KycStatus;
import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.InvalidRequestException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.PermissionException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WaitException;
import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.IdempotencyKey;
import dev.verifykit.http.RawResponse;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.roblox.AuthSession;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxUser;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.roblox.VerificationStatus;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of exception the clients throw, provoked with secrets in play (servers that echo the
 * key, the verification secret or a JWT back), and every public client and model type's
 * {@code toString()}: none may carry a secret.
 */
class SecretsInMessagesTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final String DOCK_KEY = "dock_test_premium";
    private static final String DOKAI_KEY = "dk_test_mock";
    private static final String GAME_SECRET = "rbx_test_secret";
    private static final String WEBHOOK_SECRET = "whsec_mock";
    private static final String JWT = jwt();

    /** What a careless server might echo: the credential the client sent (each client can only know its own). */
    private static String echo(String secret) {
        return "credential " + secret + " (Bearer " + secret + ")";
    }

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.autoAdvancing(T0);
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final List<Object> shown = new ArrayList<>();
    private int provoked;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
    }

    private static String jwt() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"robloxUserId\":\"1\",\"exp\":4102444800}".getBytes(StandardCharsets.UTF_8))
                + ".c2lnbmF0dXJl";
    }

    private <T extends AutoCloseable> T keep(T client) {
        clients.add(client);
        shown.add(client);
        return client;
    }

    private DockClient dock() {
        return keep(DockClient.builder().apiKey(DOCK_KEY).baseUrl(server.url("/dock").toString()).scheduler(time)
                .retryPolicy(RetryPolicy.none()).build());
    }

    private DokaiClient dokai() {
        return keep(DokaiClient.builder().apiKey(DOKAI_KEY).baseUrl(server.url("/dokai").toString()).scheduler(time)
                .retryPolicy(RetryPolicy.none()).build());
    }

    private RobloxGameServerClient game() {
        return keep(RobloxGameServerClient.builder().baseUrl(server.url("/roblox").toString()).scheduler(time)
                .verificationSecret(GAME_SECRET).retryPolicy(RetryPolicy.none()).build());
    }

    private RobloxVerificationClient rpc() {
        return keep(RobloxVerificationClient.builder().baseUrl(server.url("/roblox").toString()).scheduler(time)
                .retryPolicy(RetryPolicy.none()).build());
    }

    private void answer(int code, String body) {
        server.enqueue(new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
                .setHeader("X-Request-Id", "req_1").body(body).build());
    }

    private static String dockError(int status, String code) {
        return "{\"status\":" + status + ",\"error\":\"" + code + "\",\"message\":\"" + echo(DOCK_KEY)
                + "\",\"meta\":{\"requestId\":\"req_1\",\"version\":\"2.0.0\"}}";
    }

    private static String trpcError(int status, String code, String secret) {
        return "{\"error\":{\"message\":\"" + echo(secret) + "\",\"code\":-32600,\"data\":{\"code\":\"" + code
                + "\",\"httpStatus\":" + status + ",\"stack\":\"" + echo(secret) + "\"}}}";
    }

    private VerifyKitException provoke(Class<? extends VerifyKitException> type, Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).as("provoking %s (#%d)", type.getSimpleName(), ++provoked).isInstanceOf(type);
        return (VerifyKitException) thrown;
    }

    @Test
    void noExceptionTheClientsThrowCarriesASecret() {
        List<VerifyKitException> failures = new ArrayList<>();
        CreateSessionParams params = CreateSessionParams.builder().pid("PID-PREM0001").clientId("u").build();

        failures.add(provoke(ValidationException.class, () -> dock().sessions().create(params,
                RequestOptions.builder().header("Authorization", "Bearer " + DOCK_KEY).build())));
        failures.add(provoke(ValidationException.class, () -> game().completeVerification(GAME_SECRET, JWT)));
        failures.add(provoke(ValidationException.class, () -> keep(DockClient.builder().apiKey(DOCK_KEY)
                .baseUrl("http://example.com/x").build())));

        answer(401, dockError(401, "INVALID_API_KEY"));
        failures.add(provoke(AuthenticationException.class, () -> dock().sessions().create(params)));
        answer(403, dockError(403, "FORBIDDEN"));
        failures.add(provoke(PermissionException.class, () -> dock().sessions().create(params)));
        answer(429, dockError(429, "RATE_LIMITED"));
        failures.add(provoke(RateLimitException.class, () -> dock().sessions().create(params)));
        server.enqueue(new MockResponse.Builder().code(503).setHeader("X-Request-Id", DOCK_KEY)
                .body(dockError(503, "INTERNAL_ERROR")).build());
        VerifyKitException echoedId = provoke(ServerException.class, () -> dock().sessions().create(params));
        assertThat(echoedId.requestId().orElse("")).doesNotContain(DOCK_KEY);
        failures.add(echoedId);
        answer(500, dockError(500, "INTERNAL_ERROR"));
        failures.add(provoke(ServerException.class, () -> dock().sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1")));
        answer(200, "{\"status\":200,\"data\":{\"id\":\"" + echo(DOCK_KEY) + "\",\"status\":7}}");
        failures.add(provoke(MalformedResponseException.class, () -> dock().sessions().create(params)));

        answer(401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"" + echo(DOKAI_KEY) + "\"}}");
        failures.add(provoke(AuthenticationException.class, () -> dokai().verifySessions().retrieve("ver_abc123")));
        answer(200, "{\"id\":\"" + echo(DOKAI_KEY) + "\",\"status\":[\"" + DOKAI_KEY + "\"]}");
        failures.add(provoke(MalformedResponseException.class, () -> dokai().verifySessions().retrieve("ver_abc123")));

        answer(400, trpcError(400, "BAD_REQUEST", GAME_SECRET));
        failures.add(provoke(InvalidRequestException.class, () -> game().completeVerification("482913", "156319135")));
        answer(401, trpcError(401, "UNAUTHORIZED", JWT));
        failures.add(provoke(AuthenticationException.class, () -> rpc().refresh(JWT)));
        answer(200, "{\"result\":{\"data\":{\"status\":\"" + echo(JWT) + "\"}}}");
        failures.add(provoke(MalformedResponseException.class,
                () -> rpc().checkVerification("3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f")));

        // OkHttp's ProtocolException quotes a status line it cannot read, so the reflected key is in the cause too
        server.enqueue(new MockResponse.Builder().status("HTTP/1.1 2x0 " + echo(DOCK_KEY)).build());
        failures.add(provoke(TransportException.class, () -> dock().sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1")));
        failures.add(provoke(TransportException.class, () -> keep(DockClient.builder().apiKey(DOCK_KEY)
                .baseUrl("https://" + DOCK_KEY.replace('_', '-') + ".invalid/dock").retryPolicy(RetryPolicy.none())
                .build()).sessions().create(params)));
        answer(200, "{\"status\":200,\"data\":{\"id\":\"vsn_A1b2C3d4E5f6G7h8J9k0L1\",\"status\":\"pending\","
                + "\"expiresAt\":\"2099-01-01T00:00:00Z\",\"verifyUrl\":\"https://x.test/v\",\"pid\":\"P\",\"clientId\":\"u\"}}");
        failures.add(provoke(WaitException.class, () -> dock().sessions().awaitCompletion(
                "vsn_A1b2C3d4E5f6G7h8J9k0L1", WaitOptions.builder().maxRequests(1).build())));

        WebhookVerifier verifier = WebhookVerifier.builder().secret(WEBHOOK_SECRET).scheduler(time).build();
        shown.add(verifier);
        byte[] body = ("{\"event\":\"" + dev.verifykit.webhook.DokaiWebhookEvent.TYPE_COMPLETED + "\",\"id\":\"" + echo(WEBHOOK_SECRET)
                + "\",\"status\":[\"" + JWT + "\"]}").getBytes(StandardCharsets.UTF_8);
        failures.add(provoke(WebhookVerificationException.class, () -> verifier.verify(body, "sha256=" + JWT)));
        failures.add(provoke(WebhookVerificationException.class, () -> verifier.verify(body, WEBHOOK_SECRET)));
        failures.add(provoke(MalformedResponseException.class,
                () -> verifier.verifyAndParse(body, WebhookSigner.of(WEBHOOK_SECRET).sign(body))));

        for (VerifyKitException failure : failures) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(KnownSecrets.findIn(t.getMessage())).as("message of " + t.getClass().getName() + ": " + t.getMessage().replaceAll("eyJ|dk_|whsec_|_test_", "<…>")).isEmpty();
                assertThat(KnownSecrets.findIn(t.toString())).as("toString of " + t.getClass().getName()).isEmpty();
            }
        }
    }

    @Test
    void noPublicClientOrModelShowsASecret() {
        shown.add(dock());
        shown.add(dokai());
        shown.add(game());
        shown.add(rpc());
        shown.add(WebhookSigner.of(WEBHOOK_SECRET));
        shown.add(WebhookVerifier.builder().secrets(List.of(WEBHOOK_SECRET, "whsec_rotated_2026")).build());
        shown.add(RequestOptions.builder().idempotencyKey(IdempotencyKey.of("k-1")).timeout(Duration.ofSeconds(1)).build());
        shown.add(HttpSettings.builder().baseUrl("https://api.docksys.xyz").build());
        RobloxUser user = RobloxUser.builder().robloxUserId("1").username("builder").displayName("Builder")
                .picture("https://x.test/p.png").build();
        VerificationStatus.Verified verified = VerificationStatus.Verified.builder().jwt(JWT).user(user).build();
        shown.add(verified);
        AuthSession session = rpc().authSession(verified);
        shown.add(session);

        for (Object value : shown) {
            assertThat(KnownSecrets.findIn(String.valueOf(value))).as("toString of " + value.getClass().getName()).isEmpty();
        }
    }


    /**
     * A one-time code is a credential for a few minutes: whoever enters it in the game first links
     * their Roblox account to the session of the user it was shown to. A start or a pending status
     * written to a log must not hand it to whoever reads the log.
     */
    @Test
    void aOneTimeCodeIsNotShownByToString() {
        Instant expires = Instant.parse("2026-03-11T10:40:00Z");
        VerificationStart start = VerificationStart.builder().sessionId("c0a8e2b4-6f1d-4e8a-9b3c-2d4e6f8a0b1c")
                .code("482913").expiresAt(expires).placeId(1818).build();
        VerificationStatus.Pending pending = VerificationStatus.Pending.builder().code("A1B2C3D4").expiresAt(expires).build();

        assertThat(start.toString()).doesNotContain("482913").contains("code=[REDACTED]");
        assertThat(pending.toString()).doesNotContain("A1B2C3D4").contains("code=[REDACTED]");
        assertThat(start.code()).isEqualTo("482913");
    }

    /**
     * A Dokai session's hosted page carries a token: whoever opens the page goes through the user's
     * verification (with their own documents), so a session written to a log must not show it.
     */
    @Test
    void aHostedPagesAddressIsNotShownByToString() {
        String page = "https://app.dokai.dev/verify/" + JWT;
        KycSession session = KycSession.builder().id("ver_abc123").url(page)
                .status(KycStatus.PENDING).build();

        assertThat(session.toString()).doesNotContain(page).doesNotContain("app.dokai.dev").contains("ver_abc123");
        assertThat(session.url()).contains(page);
    }

    /**
     * A proxy or a debugging server that echoes the request's credentials in response headers (or
     * in the request id): the raw form's {@code toString()}, which integrators log, must not show
     * them. The headers themselves stay readable through {@code headers()}.
     */
    @Test
    void aRawResponseDoesNotShowEchoedCredentials() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .setHeader("X-Request-Id", "req " + GAME_SECRET)
                .setHeader("X-Echo-Verification-Secret", GAME_SECRET)
                .setHeader("Set-Cookie", "session=" + JWT)
                .body("{\"result\":{\"data\":{\"ok\":true}}}").build());

        RawResponse<Void> raw = game().withRawResponse().completeVerification("482913", "156319135", RequestOptions.none());

        assertThat(KnownSecrets.findIn(raw.toString())).as(raw.toString()).isEmpty();
        assertThat(raw.toString()).contains("x-echo-verification-secret").contains("statusCode=200");
        assertThat(raw.header("X-Echo-Verification-Secret")).contains(GAME_SECRET);
    }

    /**
     * A server (or a proxy) may echo a credential into a header's name as well as its value
     * ({@code X-Echo-<secret>: 1}): {@code toString()} shows the names, so a name holding a known
     * secret must be masked there, as README promises of every {@code toString()} ("Secrets never
     * reach messages, logs or toString()"), and as a session's unknown members' names are masked.
     */
    @Test
    void aRawResponseDoesNotShowACredentialEchoedInAHeadersName() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .setHeader("X-Echo-" + GAME_SECRET, "1")
                .body("{\"result\":{\"data\":{\"ok\":true}}}").build());

        RawResponse<Void> raw = game().withRawResponse().completeVerification("482913", "156319135", RequestOptions.none());

        assertThat(KnownSecrets.findIn(raw.toString())).as("secrets in RawResponse.toString()").isEmpty();
    }
}
