package dev.verifykit.examples.snippets;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockPlan;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.Identity;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.dokai.KycStatus;
import dev.verifykit.redis.RedisGuardrailStore;
import dev.verifykit.redis.RedisReplayGuard;
import dev.verifykit.roblox.AuthSession;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxUser;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.roblox.VerificationStatus;
import dev.verifykit.sse.DockSessionStreams;
import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.WebhookOutcome;
import dev.verifykit.webhook.WebhookVerifier;
import io.lettuce.core.RedisClient;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/** The README's samples. Each method is one sample; the abstract methods are the integrator's code. */
abstract class Snippets {
    abstract void redirect(String url);

    abstract void store(String clientId, String discordId, String robloxId);

    abstract void store(DockSession session);

    abstract void store(KycSession session);

    abstract void show(String text);

    abstract void signIn(RobloxUser user, String jwt);

    abstract void respond(int status);

    abstract void header(String name, String value);

    interface Account {
        void setLegalName(String name);
    }

    Account account;
    String typedCode;
    String robloxUserId;
    byte[] rawBody;
    Map<String, List<String>> headers;

    void dock() {
        try (DockClient dock = DockClient.builder()
                .apiKey(System.getenv("DOCK_API_KEY"))
                .plan(DockPlan.FREE)
                .build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder()
                    .pid("PID-ABC12345")
                    .clientId("user_123")
                    .build());
            redirect(session.verifyUrl());
            DockSession done = dock.sessions().awaitCompletion(session.id());
            done.result().ifPresent(link -> store("user_123", link.discordId(), link.robloxId()));
        }
    }

    void roblox() {
        try (RobloxVerificationClient rpc = RobloxVerificationClient.builder()
                .baseUrl(System.getenv("ROBLOX_RPC_URL"))
                .build()) {
            VerificationStart start = rpc.beginVerification();
            show("Enter " + start.code() + " in the game");
            if (rpc.awaitVerification(start.sessionId()) instanceof VerificationStatus.Verified verified) {
                AuthSession session = rpc.authSession(verified);
                if (session.needsRefresh()) {
                    session = session.refresh();
                }
                signIn(session.user(), session.jwt());
            }
        }
    }

    void robloxGame() {
        try (RobloxGameServerClient game = RobloxGameServerClient.builder()
                .baseUrl(System.getenv("ROBLOX_RPC_URL"))
                .verificationSecret(System.getenv("ROBLOX_VERIFICATION_SECRET"))
                .build()) {
            game.completeVerification(typedCode, robloxUserId);
        }
    }

    void dokai() {
        try (DokaiClient dokai = DokaiClient.builder().apiKey(System.getenv("DOKAI_API_KEY")).build()) {
            KycSession session = dokai.verifySessions().create(CreateKycSessionParams.builder()
                    .webhookUrl("https://hooks.example.com/dokai")
                    .build());
            redirect(session.url().orElseThrow());
            KycSession done = dokai.verifySessions().awaitResult(session.id());
            if (done.status().is(KycStatus.VERIFIED)) {
                done.identity().flatMap(Identity::name).ifPresent(account::setLegalName);
            }
        }
    }

    void webhook() {
        WebhookVerifier verifier = WebhookVerifier.builder()
                .secret(System.getenv("DOKAI_WEBHOOK_SECRET"))
                .build();

        WebhookOutcome outcome = verifier.handle(rawBody, headers, event -> {
            if (event instanceof DokaiWebhookEvent.Completed completed) {
                store(completed.session());
            }
        });
        outcome.retryAfterHeader().ifPresent(seconds -> header("Retry-After", seconds));
        respond(outcome.httpStatus()); // 200 handled (now or before), 409 in progress, 400 refused, 500 failed
    }

    void severalInstances() {
        RedisClient redis = RedisClient.create(System.getenv("REDIS_URL")); // the client your app already has
        RedisGuardrailStore guardrails = RedisGuardrailStore.builder(redis).build();
        RedisReplayGuard replayGuard = RedisReplayGuard.builder(redis).build();

        DockClient dock = DockClient.builder()
                .apiKey(System.getenv("DOCK_API_KEY"))
                .guardrailStore(guardrails) // one create bucket, and one read gate per session, for all instances
                .build();
        WebhookVerifier verifier = WebhookVerifier.builder()
                .secret(System.getenv("DOKAI_WEBHOOK_SECRET"))
                .replayGuard(replayGuard) // each event handled once by all instances together
                .build();
    }

    void streams(DockClient dock, String sessionId) {
        SessionStreams streams = DockSessionStreams.of(dock);
        CompletableFuture<DockSession> done = streams.awaitCompletionAsync(sessionId);
        try (SessionStream stream = streams.open(sessionId, new SessionListener() {
            @Override
            public void onTerminal(DockSession session) {
                store(session);
            }
        })) {
            done.join();
        }
    }

    abstract X509TrustManager trustManagerOf(String caFile);

    void network() throws GeneralSecurityException {
        X509TrustManager corporateCa = trustManagerOf("corporate-ca.pem");
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {corporateCa}, null);

        try (DockClient dock = DockClient.builder()
                .apiKey(System.getenv("DOCK_API_KEY"))
                .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("proxy.corp.example", 3128)))
                .proxyAuthentication(System.getenv("PROXY_USER"), System.getenv("PROXY_PASSWORD"))
                .sslSocketFactory(tls.getSocketFactory(), corporateCa)
                .connectionPool(10, Duration.ofMinutes(2))
                .build()) {
            dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");
        }
    }

    abstract OkHttpClient applicationOkHttpClient();

    void ownOkHttpClient() {
        OkHttpClient appClient = applicationOkHttpClient();
        try (DockClient dock = DockClient.builder()
                .apiKey(System.getenv("DOCK_API_KEY"))
                .okHttpClient(appClient) // its proxy, TLS, interceptors and pool are kept
                .build()) {
            dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");
        }
    }
}
