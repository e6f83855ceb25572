package dev.verifykit.roblox;

import dev.verifykit.time.VirtualScheduler;
import java.time.Instant;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;

/**
 * The RPC clients against answers a test gives a {@link MockWebServer} ({@code server}), timed by a
 * manual virtual scheduler ({@code time}); the clients made are closed after each test.
 */
abstract class CannedRpcAnswers {
    @StartStop
    protected final MockWebServer server = new MockWebServer();

    protected final VirtualScheduler time;
    protected RobloxVerificationClient rpc;
    protected RobloxGameServerClient game;

    CannedRpcAnswers(Instant start) {
        time = VirtualScheduler.manual(start);
    }

    @AfterEach
    void closeClients() {
        if (rpc != null) {
            rpc.close();
        }
        if (game != null) {
            game.close();
        }
    }

    /** A web client of {@code server}'s {@code /roblox} with {@code transformer}. */
    protected RobloxVerificationClient rpc(RpcTransformer transformer) {
        rpc = RobloxVerificationClient.builder().baseUrl(server.url("/roblox").toString()).scheduler(time)
                .transformer(transformer).build();
        return rpc;
    }

    /** A game server's client of {@code server}'s {@code /roblox} with {@code secret} and {@code transformer}. */
    protected RobloxGameServerClient game(String secret, RpcTransformer transformer) {
        game = RobloxGameServerClient.builder().baseUrl(server.url("/roblox").toString()).scheduler(time)
                .verificationSecret(secret).transformer(transformer).build();
        return game;
    }
}
