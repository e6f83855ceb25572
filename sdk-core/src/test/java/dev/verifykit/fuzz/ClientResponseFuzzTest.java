package dev.verifykit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.internal.DockJsonAccess;
import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.internal.DokaiJson;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.json.internal.JsonCodec;
import dev.verifykit.json.internal.JsonFormatException;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.RpcTransformer;
import dev.verifykit.roblox.VerificationStatus;
import dev.verifykit.testing.DockInternals;
import dev.verifykit.time.VirtualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Bodies the server might send, decoded through the clients' own paths (transport, size limit,
 * error mapping, envelope and model decoding) for all three services. An in-memory interceptor
 * answers every call with the fuzzed status, headers and body; only {@link VerifyKitException}s may
 * escape a client, and only {@link JsonFormatException} the internal {@link JsonCodec}.
 */
class ClientResponseFuzzTest {
    private static final int[] STATUSES = {200, 201, 204, 301, 400, 401, 403, 404, 405, 408, 409, 413, 415, 422, 429,
            500, 502, 503, 504, 599};
    private static final String DOCK_ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    private static final String RPC_ID = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";
    private static final ThreadLocal<Response.Builder> NEXT = new ThreadLocal<>();

    private static final OkHttpClient CANNED = new OkHttpClient.Builder()
            .addInterceptor(chain -> NEXT.get().request(chain.request()).build())
            .build();
    private static final VirtualScheduler TIME = VirtualScheduler.autoAdvancing(Instant.parse("2026-05-07T00:00:00Z"));
    private static final DockClient DOCK = DockClient.builder().apiKey("dock_test_free").baseUrl("http://127.0.0.1:9/dock")
            .okHttpClient(CANNED).scheduler(TIME).retryPolicy(RetryPolicy.none()).maxResponseBytes(64 * 1024)
            .guardrails(DockGuardrails.builder().createBurst(1000).freePollCap(1_000_000).build()).build();
    private static final RobloxVerificationClient RPC = RobloxVerificationClient.builder()
            .baseUrl("http://127.0.0.1:9/roblox").okHttpClient(CANNED).scheduler(TIME).retryPolicy(RetryPolicy.none())
            .maxResponseBytes(64 * 1024).build();
    private static final RobloxVerificationClient RPC_SUPERJSON = RobloxVerificationClient.builder()
            .baseUrl("http://127.0.0.1:9/roblox").okHttpClient(CANNED).scheduler(TIME).retryPolicy(RetryPolicy.none())
            .transformer(RpcTransformer.SUPERJSON).maxResponseBytes(64 * 1024).build();
    private static final RobloxGameServerClient GAME = RobloxGameServerClient.builder()
            .baseUrl("http://127.0.0.1:9/roblox").okHttpClient(CANNED).scheduler(TIME).retryPolicy(RetryPolicy.none())
            .verificationSecret("game-secret-7d1f").maxResponseBytes(64 * 1024).build();
    private static final DokaiClient DOKAI = DokaiClient.builder().apiKey("dk_test_wire_8c1e")
            .baseUrl("http://127.0.0.1:9/dokai").okHttpClient(CANNED).scheduler(TIME).retryPolicy(RetryPolicy.none())
            .maxResponseBytes(64 * 1024).build();

    @FuzzTest(maxDuration = "2m")
    void dockResponses(FuzzedDataProvider data) {
        int op = data.consumeInt(0, 2);
        answer(data);
        try {
            switch (op) {
                case 0 -> DOCK.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u").build())
                        .toString();
                case 1 -> DOCK.sessions().retrieve(DOCK_ID).toString();
                default -> DOCK.lastRateLimit().toString();
            }
        } catch (VerifyKitException expected) {
            // typed
        }
    }

    @FuzzTest(maxDuration = "2m")
    void rpcResponses(FuzzedDataProvider data) {
        int op = data.consumeInt(0, 4);
        answer(data);
        try {
            switch (op) {
                case 0 -> RPC.beginVerification().toString();
                case 1 -> {
                    VerificationStatus status = RPC.checkVerification(RPC_ID);
                    if (status instanceof VerificationStatus.Verified verified) {
                        RPC.authSession(verified).toString();
                    }
                }
                case 2 -> RPC_SUPERJSON.checkVerification(RPC_ID).toString();
                case 3 -> GAME.completeVerification("482913", "156319135");
                default -> RPC.refresh("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln").toString();
            }
        } catch (VerifyKitException expected) {
            // typed
        }
    }

    @FuzzTest(maxDuration = "2m")
    void dokaiResponses(FuzzedDataProvider data) {
        boolean create = data.consumeBoolean();
        answer(data);
        try {
            if (create) {
                DOKAI.verifySessions().create(CreateKycSessionParams.builder().build()).toString();
            } else {
                DOKAI.verifySessions().retrieve("ver_abc123").toString();
            }
        } catch (VerifyKitException expected) {
            // typed
        }
    }

    /** The models straight through the codec: a refusal is a JsonFormatException, the codec's contract. */
    @FuzzTest(maxDuration = "2m")
    void modelsThroughTheCodec(FuzzedDataProvider data) {
        int model = data.consumeInt(0, 2);
        byte[] body = data.consumeRemainingAsBytes();
        try {
            switch (model) {
                case 0 -> String.valueOf(DockJsonAccess.envelope(body));
                case 1 -> JsonCodec.read(DokaiJson.SESSION, body).toString();
                default -> DockInternals.streamedSession(DOCK, new String(body, StandardCharsets.UTF_8)).toString();
            }
        } catch (JsonFormatException | VerifyKitException expected) {
            // typed
        }
    }

    private static void answer(FuzzedDataProvider data) {
        int status = STATUSES[data.consumeInt(0, STATUSES.length - 1)];
        Headers.Builder headers = new Headers.Builder();
        if (data.consumeBoolean()) {
            headers.add("X-Request-Id", printable(data.consumeString(40)));
        }
        if (data.consumeBoolean()) {
            headers.add("Retry-After", printable(data.consumeString(40)));
        }
        if (data.consumeBoolean()) {
            headers.add("X-RateLimit-Limit", printable(data.consumeString(12)));
            headers.add("X-RateLimit-Remaining", printable(data.consumeString(12)));
            headers.add("X-RateLimit-Reset", printable(data.consumeString(12)));
        }
        if (data.consumeBoolean()) {
            headers.add("Idempotent-Replayed", "true");
        }
        String type = data.pickValue(new String[] {"application/json", "application/json; charset=utf-8",
                "text/html", "text/plain; charset=utf-16", ""});
        byte[] body = data.consumeRemainingAsBytes();
        NEXT.set(new Response.Builder().protocol(Protocol.HTTP_1_1).code(status).message("fuzz").headers(headers.build())
                .body(ResponseBody.create(body, type.isEmpty() ? null : MediaType.parse(type))));
    }

    private static String printable(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            }
        }
        return out.toString();
    }

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            DOCK.close();
            RPC.close();
            RPC_SUPERJSON.close();
            GAME.close();
            DOKAI.close();
        }));
    }
}
