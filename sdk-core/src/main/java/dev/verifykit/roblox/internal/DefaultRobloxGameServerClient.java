package dev.verifykit.roblox.internal;

import dev.verifykit.error.Service;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.RawResponse;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.internal.Answer;
import dev.verifykit.http.internal.ApiRequest;
import dev.verifykit.http.internal.ApiResponse;
import dev.verifykit.http.internal.Credentials;
import dev.verifykit.http.internal.HttpTransport;
import dev.verifykit.http.internal.Secret;
import dev.verifykit.http.internal.TransportClient;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RpcTransformer;
import java.util.Map;

/** The RPC's game side: {@code auth.completeVerification} with {@code x-verification-secret}. */
public final class DefaultRobloxGameServerClient extends TransportClient implements RobloxGameServerClient {
    private static final String PROCEDURE = "auth.completeVerification";

    private final RpcCodec codec;

    public DefaultRobloxGameServerClient(HttpSettings http, String secret, RpcTransformer transformer) {
        super("RobloxGameServerClient", new HttpTransport(Service.ROBLOX, RpcConnections.keptUnderNodesTimeout(http), null,
                Credentials.header("x-verification-secret", Secret.of(secret)), new RpcErrorMapper(transformer)));
        this.codec = new RpcCodec(transformer, transport);
    }

    @Override
    public void completeVerification(String code, String robloxUserId, RequestOptions options) {
        complete(code, robloxUserId, options);
    }

    @Override
    public WithRawResponse withRawResponse() {
        return (code, robloxUserId, options) -> complete(code, robloxUserId, options).raw();
    }

    private Answer<Void> complete(String code, String robloxUserId, RequestOptions options) {
        String sent = RpcInputs.code(code);
        byte[] input = codec.input(RpcCodec.fields("code", sent, "robloxUserId", RpcInputs.robloxUserId(robloxUserId)));
        // a failed completion leaves the code usable: an answer echoing it must not put it into logs
        ApiRequest request = ApiRequest.post(PROCEDURE, input, PROCEDURE).withSecret(Secret.of(sent));
        return transport.send(request, RpcInputs.options(options), response -> {
            Object output = codec.data(response, PROCEDURE);
            boolean ok = Boolean.TRUE.equals(output) || (output instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("ok")));
            if (!ok) {
                throw transport.malformed(response, PROCEDURE + " answered neither {\"ok\":true} nor true", null);
            }
            return Answer.<Void>of(request, response, null);
        });
    }

    @Override
    protected String shownSettings() {
        return ", secret=[REDACTED]";
    }
}
